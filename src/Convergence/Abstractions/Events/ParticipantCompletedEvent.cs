namespace Convergence;

/// <summary>A participant's work completed successfully.</summary>
public sealed class ParticipantCompletedEvent : ConvergenceEvent
{
    /// <summary>Initializes a new instance of the <see cref="ParticipantCompletedEvent"/> class.</summary>
    /// <param name="runId">The run the event belongs to.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="report">The participant's report.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ParticipantCompletedEvent(string runId, DateTimeOffset timestamp, ParticipantReport report)
        : base(runId, timestamp)
    {
        ArgumentNullException.ThrowIfNull(report);
        Report = report;
    }

    /// <summary>Gets the participant's report.</summary>
    public ParticipantReport Report { get; }
}
