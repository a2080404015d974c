namespace Convergence;

/// <summary>The run started.</summary>
public sealed class RunStartedEvent : ConvergenceEvent
{
    /// <summary>Initializes a new instance of the <see cref="RunStartedEvent"/> class.</summary>
    /// <param name="runId">The run the event belongs to.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="task">The task of the run.</param>
    /// <param name="participants">The participants of the run, in registration order.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public RunStartedEvent(string runId, DateTimeOffset timestamp, string task, IReadOnlyList<ParticipantIdentity> participants)
        : base(runId, timestamp)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(participants);
        Task = task;
        Participants = participants;
    }

    /// <summary>Gets the task of the run.</summary>
    public string Task { get; }

    /// <summary>Gets the participants of the run, in registration order.</summary>
    public IReadOnlyList<ParticipantIdentity> Participants { get; }
}
