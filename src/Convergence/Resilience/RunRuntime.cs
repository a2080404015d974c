using Microsoft.Extensions.Logging;

namespace Convergence;

/// <summary>What the pipeline gives one run beyond its context: the participants' resilience pipelines, the checkpoint, the redactor and the caller's token.</summary>
internal sealed class RunRuntime
{
    public RunRuntime(ParticipantResilience resilience, RunCheckpoint checkpoint, SecretRedactor redactor, ILogger logger, CancellationToken callerToken)
    {
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

    /// <summary>Gets the caller's token: when it fires the run is cancelled; any other cancellation a stage sees is a deadline or early completion.</summary>
    public CancellationToken CallerToken { get; }
}
