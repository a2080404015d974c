namespace Convergence;

/// <summary>The auditors reviewed a candidate's artifact in one round, and the audit policy decided.</summary>
public sealed class AuditCompletedEvent : ConvergenceEvent
{
    /// <summary>Initializes a new instance of the <see cref="AuditCompletedEvent"/> class.</summary>
    /// <param name="runId">The run the event belongs to.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="candidateId">The candidate's identifier.</param>
    /// <param name="reviews">The verdicts of this round.</param>
    /// <param name="decision">The policy's decision.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public AuditCompletedEvent(string runId, DateTimeOffset timestamp, string candidateId, IReadOnlyList<AuditReview> reviews, AuditDecision decision)
        : base(runId, timestamp)
    {
        ArgumentNullException.ThrowIfNull(candidateId);
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentNullException.ThrowIfNull(decision);
        CandidateId = candidateId;
        Reviews = reviews;
        Decision = decision;
    }

    /// <summary>Gets the candidate's identifier.</summary>
    public string CandidateId { get; }

    /// <summary>Gets the verdicts of this round.</summary>
    public IReadOnlyList<AuditReview> Reviews { get; }

    /// <summary>Gets the policy's decision.</summary>
    public AuditDecision Decision { get; }
}
