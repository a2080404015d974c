namespace Convergence;

/// <summary>A builder finished one attempt on a candidate, and the verifier judged it.</summary>
public sealed class BuildAttemptCompletedEvent : ConvergenceEvent
{
    /// <summary>Initializes a new instance of the <see cref="BuildAttemptCompletedEvent"/> class.</summary>
    /// <param name="runId">The run the event belongs to.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="candidateId">The candidate's identifier.</param>
    /// <param name="attempt">The attempt, with its verification.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public BuildAttemptCompletedEvent(string runId, DateTimeOffset timestamp, string candidateId, BuildAttempt attempt)
        : base(runId, timestamp)
    {
        ArgumentNullException.ThrowIfNull(candidateId);
        ArgumentNullException.ThrowIfNull(attempt);
        CandidateId = candidateId;
        Attempt = attempt;
    }

    /// <summary>Gets the candidate's identifier.</summary>
    public string CandidateId { get; }

    /// <summary>Gets the attempt, with its verification.</summary>
    public BuildAttempt Attempt { get; }
}
