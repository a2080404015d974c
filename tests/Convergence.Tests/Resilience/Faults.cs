using System.Net;
using Convergence.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Polly;
using Polly.Simmy;
using Polly.Simmy.Fault;
using Polly.Simmy.Latency;
using Polly.Simmy.Outcomes;

namespace Convergence.Tests.Resilience;

/// <summary>The faults of the injection suite, each a Polly chaos pipeline with a fixed randomizer seed.</summary>
public enum FaultKind
{
    Exception,
    Status429,
    Status500,
    Timeout,
    Hang,
    GarbageJson,
    TruncatedJson,
    EmptyReply,
}

/// <summary>Which explorers a fault hits.</summary>
public enum FaultScope
{
    OneExplorer,
    AllButOne,
    All,
}

internal static class Faults
{
    public const string GarbageReply = "Sure! Here is what I think: <<the retry loop>> is fine, mostly. {not: json,,";
    public const string TruncatedReply = """{"findings": [{"title": "Unbounded retry", "detail": "The client retri""";

    /// <summary>Wraps a client in a chaos pipeline that injects the fault, at the given rate, with a randomizer of a fixed seed.</summary>
    public static IChatClient Inject(IChatClient client, FaultKind fault, int seed, double injectionRate = 1.0)
    {
        var random = new Random(seed);
        var builder = new ResiliencePipelineBuilder<ChatResponse>();
        _ = fault switch
        {
            FaultKind.Exception => builder.AddChaosFault(Fault(() => new InvalidOperationException("The provider SDK crashed."))),
            FaultKind.Status429 => builder.AddChaosFault(Fault(() => new HttpRequestException("Too Many Requests", null, HttpStatusCode.TooManyRequests))),
            FaultKind.Status500 => builder.AddChaosFault(Fault(() => new HttpRequestException("Internal Server Error", null, HttpStatusCode.InternalServerError))),

            // What HttpClient throws when its own timeout elapses.
            FaultKind.Timeout => builder.AddChaosFault(Fault(() => new TaskCanceledException(
                "The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException("The operation was canceled.")))),
            FaultKind.Hang => builder.AddChaosLatency(new ChaosLatencyStrategyOptions
            {
                Latency = TimeSpan.FromHours(1),
                InjectionRate = injectionRate,
                Randomizer = random.NextDouble,
            }),
            FaultKind.GarbageJson => builder.AddChaosOutcome(Outcome(GarbageReply)),
            FaultKind.TruncatedJson => builder.AddChaosOutcome(Outcome(TruncatedReply)),
            FaultKind.EmptyReply => builder.AddChaosOutcome(Outcome(string.Empty)),
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };

        return new ChaosChatClient(client, builder.Build());

        ChaosFaultStrategyOptions Fault(Func<Exception> exception) => new()
        {
            InjectionRate = injectionRate,
            Randomizer = random.NextDouble,
            FaultGenerator = _ => ValueTask.FromResult<Exception?>(exception()),
        };

        ChaosOutcomeStrategyOptions<ChatResponse> Outcome(string text) => new()
        {
            InjectionRate = injectionRate,
            Randomizer = random.NextDouble,
            OutcomeGenerator = _ => ValueTask.FromResult<Outcome<ChatResponse>?>(Polly.Outcome.FromResult(Scripted.Reply(text))),
        };
    }

    public static ParticipantErrorKind ExpectedKind(FaultKind fault) => fault switch
    {
        FaultKind.Exception => ParticipantErrorKind.Exception,
        FaultKind.Status429 => ParticipantErrorKind.RateLimited,
        FaultKind.Status500 => ParticipantErrorKind.ServerError,
        FaultKind.Timeout or FaultKind.Hang => ParticipantErrorKind.Timeout,
        FaultKind.GarbageJson or FaultKind.TruncatedJson => ParticipantErrorKind.InvalidReply,
        FaultKind.EmptyReply => ParticipantErrorKind.EmptyReply,
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };

    /// <summary>How many calls a faulty explorer gets: transient faults are retried, unparsable replies get one repair request.</summary>
    public static int ExpectedCalls(FaultKind fault, int maxRetryAttempts) => fault switch
    {
        FaultKind.Status429 or FaultKind.Status500 or FaultKind.Timeout or FaultKind.Hang => 1 + maxRetryAttempts,
        FaultKind.GarbageJson or FaultKind.TruncatedJson => 2,
        _ => 1,
    };
}
