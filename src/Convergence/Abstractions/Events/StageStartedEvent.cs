namespace Convergence;

/// <summary>A stage started.</summary>
public sealed class StageStartedEvent : ConvergenceEvent
{
    /// <summary>Initializes a new instance of the <see cref="StageStartedEvent"/> class.</summary>
    /// <param name="runId">The run the event belongs to.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="stage">The stage's name.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public StageStartedEvent(string runId, DateTimeOffset timestamp, string stage)
        : base(runId, timestamp)
    {
        ArgumentNullException.ThrowIfNull(stage);
        Stage = stage;
    }

    /// <summary>Gets the stage's name.</summary>
    public string Stage { get; }
}
