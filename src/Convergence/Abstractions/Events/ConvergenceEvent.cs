namespace Convergence;

/// <summary>Something that happened in a run, as <see cref="IConvergencePipeline.RunStreamingAsync"/> reports it.</summary>
public abstract class ConvergenceEvent
{
    /// <summary>Initializes a new instance of the <see cref="ConvergenceEvent"/> class.</summary>
    /// <param name="runId">The run the event belongs to.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is null or white space.</exception>
    protected ConvergenceEvent(string runId, DateTimeOffset timestamp)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        RunId = runId;
        Timestamp = timestamp;
    }

    /// <summary>Gets the run the event belongs to.</summary>
    public string RunId { get; }

    /// <summary>Gets when it happened.</summary>
    public DateTimeOffset Timestamp { get; }
}
