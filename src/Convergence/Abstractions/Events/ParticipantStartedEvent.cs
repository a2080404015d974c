namespace Convergence;

/// <summary>A participant call started.</summary>
public sealed class ParticipantStartedEvent : ConvergenceEvent
{
    /// <summary>Initializes a new instance of the <see cref="ParticipantStartedEvent"/> class.</summary>
    /// <param name="runId">The run the event belongs to.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="participant">The participant.</param>
    /// <param name="role">The participant's role.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ParticipantStartedEvent(string runId, DateTimeOffset timestamp, ParticipantIdentity participant, ConvergenceRole role)
        : base(runId, timestamp)
    {
        ArgumentNullException.ThrowIfNull(participant);
        Participant = participant;
        Role = role;
    }

    /// <summary>Gets the participant.</summary>
    public ParticipantIdentity Participant { get; }

    /// <summary>Gets the participant's role.</summary>
    public ConvergenceRole Role { get; }
}
