using Microsoft.Extensions.Logging;

namespace Convergence;

/// <summary>What a built pipeline shares between its runs: the participants' resilience pipelines (circuit breakers included), the run store, the redactor, the deadlines, the budget and the observers.</summary>
internal sealed record PipelineRuntime(
    ParticipantResilience Resilience,
    IRunStore? Store,
    SecretRedactor Redactor,
    ILogger Logger,
    TimeSpan? RunTimeout,
    IReadOnlyDictionary<string, TimeSpan> StageTimeouts)
{
    /// <summary>Gets the budget of each run.</summary>
    public ConvergenceBudget Budget { get; init; } = new();

    /// <summary>Gets the cost estimator, or <see langword="null"/>.</summary>
    public ICostEstimator? CostEstimator { get; init; }

    /// <summary>Gets the observers, in registration order.</summary>
    public IReadOnlyList<ConvergenceObserver> Observers { get; init; } = [];
}
