namespace Convergence;

/// <summary>A participant failed; the run goes on without it.</summary>
public sealed class ParticipantFailedEvent : ConvergenceEvent
{
    /// <summary>Initializes a new instance of the <see cref="ParticipantFailedEvent"/> class.</summary>
    /// <param name="runId">The run the event belongs to.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="report">The participant's report, with the error.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ParticipantFailedEvent(string runId, DateTimeOffset timestamp, ParticipantReport report)
        : base(runId, timestamp)
    {
        ArgumentNullException.ThrowIfNull(report);
        Report = report;
    }

    /// <summary>Gets the participant's report, with the error.</summary>
    public ParticipantReport Report { get; }
}
