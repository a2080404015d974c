using System.Globalization;
using Convergence;
using Microsoft.Extensions.AI;

// Usage: Convergence.ResumeHost run|resume STORE_DIR RUN_ID CALL_LOG
// Three explorers. gpt and claude answer at once; gemini never answers in "run" (the test kills the process while it waits) and answers in
// "resume". Every call that reaches a client is appended to CALL_LOG, so the test can count calls across both processes. Each call saved
// to the store is announced on stdout ("saved PARTICIPANT"), and so is a call that hangs ("waiting PARTICIPANT"), so the test knows when to kill.
if (args.Length != 4 || args[0] is not ("run" or "resume"))
{
    await Console.Error.WriteLineAsync("usage: Convergence.ResumeHost run|resume STORE_DIR RUN_ID CALL_LOG");
    return 2;
}

var (mode, storeDirectory, runId, callLog) = (args[0], args[1], args[2], args[3]);
var store = new AnnouncingStore(new FileRunStore(storeDirectory));
var pipeline = new ConvergencePipelineBuilder()
    .Configure(options => options.RunStore = store)
    .AddExplorer(new ScriptedClient("openai", "gpt", callLog, hang: false), o => o.Name = "gpt")
    .AddExplorer(new ScriptedClient("anthropic", "claude", callLog, hang: false), o => o.Name = "claude")
    .AddExplorer(new ScriptedClient("google", "gemini", callLog, hang: mode == "run"), o => o.Name = "gemini")
    .Build();

var result = mode == "run"
    ? await pipeline.RunAsync(new ConvergenceRequest("Review the retry loop.") { RunId = runId })
    : await pipeline.ResumeAsync(runId);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"status={result.Status.ToString().ToLowerInvariant()}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"findings={string.Join(",", result.Findings.Select(f => f.Title))}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replayed={result.Participants.Sum(p => p.ReplayedCalls)}"));
return 0;

internal sealed class ScriptedClient(string provider, string name, string callLog, bool hang) : IChatClient
{
    private static readonly Lock LogGate = new();

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        lock (LogGate)
        {
            File.AppendAllText(callLog, name + "\n");
        }

        if (hang)
        {
            Console.WriteLine("waiting " + name);
            Console.Out.Flush();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, $$"""{"findings": [{"title": "{{name}} finding", "detail": "d"}]}"""));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(provider) : null;

    public void Dispose()
    {
    }
}

internal sealed class AnnouncingStore(IRunStore inner) : IRunStore
{
    public Task SaveRunAsync(RunRecord run, CancellationToken cancellationToken = default) => inner.SaveRunAsync(run, cancellationToken);

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => inner.GetRunAsync(runId, cancellationToken);

    public async Task SaveCallAsync(string runId, ParticipantCallRecord record, CancellationToken cancellationToken = default)
    {
        await inner.SaveCallAsync(runId, record, cancellationToken);
        Console.WriteLine("saved " + record.Participant);
        Console.Out.Flush();
    }

    public Task<IReadOnlyList<ParticipantCallRecord>> GetCallsAsync(string runId, CancellationToken cancellationToken = default) =>
        inner.GetCallsAsync(runId, cancellationToken);
}
