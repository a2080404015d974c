namespace Convergence;

/// <summary>A stage completed.</summary>
public sealed class StageCompletedEvent : ConvergenceEvent
{
    /// <summary>Initializes a new instance of the <see cref="StageCompletedEvent"/> class.</summary>
    /// <param name="runId">The run the event belongs to.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="stage">The stage's name.</param>
    /// <param name="duration">The stage's wall time.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public StageCompletedEvent(string runId, DateTimeOffset timestamp, string stage, TimeSpan duration)
        : base(runId, timestamp)
    {
        ArgumentNullException.ThrowIfNull(stage);
        Stage = stage;
        Duration = duration;
    }

    /// <summary>Gets the stage's name.</summary>
    public string Stage { get; }

    /// <summary>Gets the stage's wall time.</summary>
    public TimeSpan Duration { get; }
}
