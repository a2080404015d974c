namespace Convergence;

/// <summary>An explorer reported its findings.</summary>
public sealed class FindingsReportedEvent : ConvergenceEvent
{
    /// <summary>Initializes a new instance of the <see cref="FindingsReportedEvent"/> class.</summary>
    /// <param name="runId">The run the event belongs to.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="participant">The explorer.</param>
    /// <param name="findings">The findings it reported.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public FindingsReportedEvent(string runId, DateTimeOffset timestamp, ParticipantIdentity participant, IReadOnlyList<Finding> findings)
        : base(runId, timestamp)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(findings);
        Participant = participant;
        Findings = findings;
    }

    /// <summary>Gets the explorer.</summary>
    public ParticipantIdentity Participant { get; }

    /// <summary>Gets the findings it reported.</summary>
    public IReadOnlyList<Finding> Findings { get; }
}
