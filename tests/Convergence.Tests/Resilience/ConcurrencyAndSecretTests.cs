using Convergence.Testing;
using System.Net;
using Convergence.Tests.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Convergence.Tests.Resilience;

public sealed class ConcurrencyAndSecretTests
{
    private const string FakeKey = "sk-proj-FAKEfake0123456789abcdefKEY";

    [Fact]
    public async Task RunAsync_200ConcurrentRunsOnOnePipeline_NoResultMixing()
    {
        static ScriptedChatClient Echo(string provider) => Scripted.With(provider, async (_, messages, _) =>
        {
            await Task.Yield();
            var task = messages[^1].Text.Split('\n')[1];
            return Scripted.Reply(Scripted.FindingJson($"{provider} on {task}"));
        });

        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(Echo("openai"), o => o.Name = "gpt")
            .AddExplorer(Echo("anthropic"), o => o.Name = "claude")
            .AddExplorer(Faults.Inject(Echo("google"), Resilience.FaultKind.Status500, seed: 7, injectionRate: 0.3), o => o.Name = "gemini")
            .Configure(o => (o.Resilience.RetryDelay, o.Resilience.MaxRetryDelay, o.Resilience.CircuitBreakerEnabled) =
                (TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), false))
            .Build();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => pipeline.RunAsync(new ConvergenceRequest($"task-{i}") { RunId = $"run-{i}" }))));

        for (var i = 0; i < results.Length; i++)
        {
            var result = results[i];
            result.RunId.Should().Be($"run-{i}");
            result.Task.Should().Be($"task-{i}");
            result.Findings.Should().NotBeEmpty().And.OnlyContain(f => f.Title.EndsWith($" on task-{i}", StringComparison.Ordinal));
            result.Findings.Select(f => f.Source.Provider).Should().OnlyHaveUniqueItems();
            result.Participants.Should().HaveCount(3);
        }
    }

    [Fact]
    public async Task RunAsync_ProviderErrorsAndRepliesCarryAnApiKey_KeyNeverAppearsInLogsResultsEventsOrErrors()
    {
        var logs = new CapturingLoggerFactory();
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(logs).BuildServiceProvider();
        var unauthorized = Scripted.Throwing(
            "openai", () => new HttpRequestException($"401 Unauthorized: Incorrect API key provided: {FakeKey}.", null, HttpStatusCode.Unauthorized));
        var leakyRetry = Scripted.Throwing(
            "groq", () => new HttpRequestException($"503 for https://api.example/v1?api_key={FakeKey}", null, HttpStatusCode.ServiceUnavailable));
        var echoesKey = Scripted.Replying("mistral", $"My configuration says Authorization: Bearer {FakeKey}, not JSON.");
        var backupFails = Scripted.Throwing("local", () => new InvalidOperationException($"key {FakeKey} rejected"));
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o =>
            {
                o.Secrets.Add(FakeKey);
                o.Resilience.RetryDelay = TimeSpan.FromMilliseconds(1);
            })
            .AddExplorer(unauthorized, o => o.Name = "gpt")
            .AddExplorer(leakyRetry, o => { o.Name = "llama"; o.Fallbacks.Add(new ParticipantFallback(backupFails, "local")); })
            .AddExplorer(echoesKey, o => o.Name = "mistral")
            .AddExplorer(Scripted.Finding("anthropic", "A"), o => o.Name = "claude")
            .Build(services);

        var events = new List<ConvergenceEvent>();
        await foreach (var e in pipeline.RunStreamingAsync(new ConvergenceRequest("Review the retry loop.")))
        {
            events.Add(e);
        }

        var result = events.OfType<RunCompletedEvent>().Single().Result;
        var everything = string.Join(
            "\n",
            logs.Messages.Concat([ConvergenceJsonUtilities.Serialize(result)]).Concat(events.Select(Describe)));
        everything.Should().NotContain(FakeKey).And.NotContain("FAKEfake0123456789");
        everything.Should().Contain("[redacted]", "the errors are kept, without the key");
        logs.Messages.Should().Contain(m => m.Contains("failed (Exception)", StringComparison.Ordinal));
        result.Participants.Single(p => p.Name == "gpt").Error.Should().Contain("Incorrect API key provided: [redacted]");
    }

    [Fact]
    public async Task RunAsync_CancelledWhileAProviderErrorHoldsAKey_ExceptionDoesNotCarryIt()
    {
        using var cts = new CancellationTokenSource();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o => o.Secrets.Add(FakeKey))
            .AddExplorer(Scripted.Throwing("openai", () => new InvalidOperationException(FakeKey)), o => o.Name = "gpt")
            .AddExplorer(Scripted.Hanging("anthropic", entered), o => o.Name = "claude")
            .Build();

        var run = pipeline.RunAsync(new ConvergenceRequest("Review the retry loop."), cts.Token);
        await entered.Task;
        await cts.CancelAsync();
        var thrown = await FluentActions.Awaiting(() => run).Should().ThrowAsync<OperationCanceledException>();

        thrown.Which.ToString().Should().NotContain(FakeKey);
    }

    [Fact]
    public void SecretRedactor_CredentialShapedText_IsRedactedEvenWhenNotConfigured()
    {
        var redactor = new SecretRedactor([]);

        redactor.Redact("key sk-ant-api03-abcdefghijklmnop and AIzaSyA1234567890abcdefghijk").Should().Be("key [redacted] and [redacted]");
        redactor.Redact("GET /v1?api_key=hunter22&x=1").Should().Be("GET /v1?api_key=[redacted]&x=1");
        redactor.Redact("Authorization: Bearer abc.def.ghi-123").Should().Be("Authorization: Bearer [redacted]");
        redactor.Redact("no secrets here").Should().Be("no secrets here");
    }

    private static string Describe(ConvergenceEvent e) => e switch
    {
        ParticipantFailedEvent failed => failed.Report.ToString(),
        ParticipantCompletedEvent completed => completed.Report.ToString(),
        FindingsReportedEvent findings => string.Join(";", findings.Findings),
        RunCompletedEvent done => ConvergenceJsonUtilities.Serialize(done.Result),
        _ => e.ToString() ?? string.Empty,
    };
}
