namespace Convergence;

/// <summary>Keeps runs and their completed participant calls, so a run that was interrupted can be resumed without calling again any participant that had answered.</summary>
/// <remarks>
/// A pipeline given a store (<see cref="ConvergencePipelineOptions.RunStore"/>) saves the run when it starts, one
/// <see cref="ParticipantCallRecord"/> as each participant call completes, and the run again when it ends or is cancelled.
/// <see cref="IConvergencePipeline.ResumeAsync"/> reads them back. Implementations must be safe for concurrent use by many runs, and a
/// record, once saved, must survive the process being killed.
/// </remarks>
public interface IRunStore
{
    /// <summary>Saves (creates or replaces) a run's record.</summary>
    /// <param name="run">The run.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task SaveRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>Reads a run's record.</summary>
    /// <param name="runId">The run identifier.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The record, or <see langword="null"/> when the store has no such run.</returns>
    Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Saves the record of one completed participant call.</summary>
    /// <param name="runId">The run identifier.</param>
    /// <param name="record">The call.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task SaveCallAsync(string runId, ParticipantCallRecord record, CancellationToken cancellationToken = default);

    /// <summary>Reads the completed participant calls of a run.</summary>
    /// <param name="runId">The run identifier.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The calls, in no particular order.</returns>
    Task<IReadOnlyList<ParticipantCallRecord>> GetCallsAsync(string runId, CancellationToken cancellationToken = default);
}
