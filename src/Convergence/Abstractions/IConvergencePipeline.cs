namespace Convergence;

/// <summary>Runs the convergence pipeline: fan out, synthesize, build, audit.</summary>
/// <remarks>One instance is safe to use for many concurrent runs; each run has its own <see cref="ConvergenceContext"/>.</remarks>
public interface IConvergencePipeline
{
    /// <summary>Runs the pipeline to completion.</summary>
    /// <param name="request">The task and its options.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests; it reaches every participant call.</param>
    /// <returns>The result. Participant failures are reported in it, not thrown.</returns>
    Task<ConvergenceResult> RunAsync(ConvergenceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Runs the pipeline and yields progress events as they happen, ending with a <see cref="RunCompletedEvent"/> that carries the result.</summary>
    /// <param name="request">The task and its options.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests; it reaches every participant call.</param>
    /// <returns>The events of the run, in the order they happened.</returns>
    IAsyncEnumerable<ConvergenceEvent> RunStreamingAsync(ConvergenceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Resumes a run from the pipeline's run store: participant calls that completed are answered from the store, never made again; the others are made.</summary>
    /// <param name="runId">The identifier of the run to resume.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests; it reaches every participant call.</param>
    /// <returns>The result. Participant failures are reported in it, not thrown.</returns>
    /// <exception cref="InvalidOperationException">The pipeline has no run store, or the store has no such run.</exception>
    /// <exception cref="InvalidDataException">A store file is corrupt (the message names it).</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; what was done is saved in the store.</exception>
    Task<ConvergenceResult> ResumeAsync(string runId, CancellationToken cancellationToken = default);
}
