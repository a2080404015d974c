using Microsoft.Extensions.Logging;

namespace Convergence;

/// <summary>What the pipeline gives one run beyond its context: the participants' resilience pipelines, the checkpoint, the redactor, the usage ledger, the observers and the caller's token.</summary>
internal sealed class RunRuntime
{
    public RunRuntime(
        ParticipantResilience resilience,
        RunCheckpoint checkpoint,
        SecretRedactor redactor,
        ILogger logger,
        CancellationToken callerToken,
        UsageLedger? usage = null,
        IReadOnlyList<ConvergenceObserver>? observers = null)
    {
        Usage = usage ?? new UsageLedger(new ConvergenceBudget(), costEstimator: null);
        Observers = observers ?? [];
        Resilience = resilience;
        Checkpoint = checkpoint;
        Redactor = redactor;
        Logger = logger;
        CallerToken = callerToken;
    }

    public ParticipantResilience Resilience { get; }

    public RunCheckpoint Checkpoint { get; }

    public SecretRedactor Redactor { get; }

    public ILogger Logger { get; }

    /// <summary>Gets the run's usage, call by call, with its cost and budget.</summary>
    public UsageLedger Usage { get; }

    /// <summary>Gets the pipeline's observers, in registration order.</summary>
    public IReadOnlyList<ConvergenceObserver> Observers { get; }

    /// <summary>Gets the caller's token: when it fires the run is cancelled; any other cancellation a stage sees is a deadline or early completion.</summary>
    public CancellationToken CallerToken { get; }
}
