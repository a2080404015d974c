using Microsoft.Extensions.AI;

namespace Convergence.Tests.TestDoubles;

/// <summary>
/// A private scripted chat client (until Convergence.Testing's ScriptedChatClient lands on main): each call runs the script with its
/// 1-based call number; the requests are recorded.
/// </summary>
internal sealed class FakeChatClient : IChatClient
{
    private readonly Func<int, IList<ChatMessage>, CancellationToken, Task<ChatResponse>> _script;
    private readonly ChatClientMetadata _metadata;
    private int _calls;

    public FakeChatClient(string provider, Func<int, IList<ChatMessage>, CancellationToken, Task<ChatResponse>> script, string? model = null)
    {
        _script = script;
        _metadata = new ChatClientMetadata(provider, defaultModelId: model);
    }

    public int Calls => Volatile.Read(ref _calls);

    public List<IList<ChatMessage>> Requests { get; } = [];

    /// <summary>Replies with the given texts, one per call; the last repeats.</summary>
    public static FakeChatClient Replying(string provider, params string[] replies) =>
        new(provider, (n, _, _) => Task.FromResult(Reply(replies[Math.Min(n, replies.Length) - 1])));

    /// <summary>Replies with one finding of the given title.</summary>
    public static FakeChatClient Finding(string provider, string title) => Replying(provider, FindingJson(title));

    /// <summary>Never answers until cancelled.</summary>
    public static FakeChatClient Hanging(string provider, TaskCompletionSource? entered = null) =>
        new(provider, async (_, _, ct) =>
        {
            entered?.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });

    /// <summary>Throws on every call.</summary>
    public static FakeChatClient Throwing(string provider, Func<Exception> exception) =>
        new(provider, (_, _, _) => Task.FromException<ChatResponse>(exception()));

    public static string FindingJson(string title) =>
        $$"""{"findings": [{"title": "{{title}}", "detail": "Why {{title}} matters.", "confidence": 0.8}]}""";

    public static ChatResponse Reply(string text) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5, TotalTokenCount = 15 } };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        lock (Requests)
        {
            Requests.Add(list);
        }

        return _script(Interlocked.Increment(ref _calls), list, cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
