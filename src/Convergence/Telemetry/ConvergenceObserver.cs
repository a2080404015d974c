namespace Convergence;

/// <summary>
/// Observes a pipeline's runs and each participant call: the hook that telemetry, logging and accounting middleware register into, since
/// stage middleware cannot see individual participant calls. Register one with <see cref="ConvergencePipelineBuilder.UseObserver"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every method has an empty default, so an observer overrides only what it needs, and new methods can be added later without breaking it.
/// One observer instance serves every run of its pipeline, concurrently: explorers call in parallel. Methods are called synchronously on the
/// task that does the work, in registration order on start and in reverse order on completion (like nested middleware), so an
/// <see cref="System.Diagnostics.Activity"/> started in <see cref="OnParticipantCallStarting"/> is the current one while the participant's
/// client runs, and its own spans (MEAI's <c>UseOpenTelemetry</c>) nest under it.
/// </para>
/// <para>Observers must be quick and must not throw: an exception propagates into the run.</para>
/// </remarks>
public abstract class ConvergenceObserver
{
    /// <summary>Called when a run starts, before its first stage.</summary>
    /// <param name="context">The run's context.</param>
    public virtual void OnRunStarting(ConvergenceContext context)
    {
    }

    /// <summary>Called when a run ends.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="result">The result, or <see langword="null"/> when the run ended with an exception.</param>
    /// <param name="exception">The exception the run ended with (for example an <see cref="OperationCanceledException"/>), or <see langword="null"/>.</param>
    public virtual void OnRunCompleted(ConvergenceContext context, ConvergenceResult? result, Exception? exception)
    {
    }

    /// <summary>Called just before a participant is called (not for calls answered from the run store, nor for calls the budget stops).</summary>
    /// <param name="participantCall">The call.</param>
    public virtual void OnParticipantCallStarting(ParticipantCall participantCall)
    {
    }

    /// <summary>Called when a participant call completes, succeeded or failed, and for calls answered from the run store (<see cref="ParticipantCall.IsReplayed"/>).</summary>
    /// <param name="participantCall">The call, with its outcome.</param>
    public virtual void OnParticipantCallCompleted(ParticipantCall participantCall)
    {
    }

    /// <summary>Called when a participant's work in a run ends: it succeeded (its reply was usable) or failed (with the reason in the report).</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="report">The participant's report.</param>
    public virtual void OnParticipantCompleted(ConvergenceContext context, ParticipantReport report)
    {
    }
}
