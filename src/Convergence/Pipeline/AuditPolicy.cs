using System.Globalization;

namespace Convergence;

/// <summary>Decides an audit from the auditors' verdicts: a quorum of approvals, a veto on severe risks, and a budget of revise rounds.</summary>
/// <remarks>
/// In each round: any risk at or above <see cref="VetoSeverity"/> rejects the artifact; otherwise enough approvals
/// (<see cref="Quorum"/>) approve it; otherwise a revise verdict sends it back to build while rounds remain
/// (<see cref="MaxReviseRounds"/>); otherwise it is rejected. Auditors that fail or return an unusable verdict count as not
/// approving: a failure never lowers the bar.
/// </remarks>
public sealed class AuditPolicy
{
    /// <summary>Gets or sets the quorum. The default is <see cref="AuditQuorum.Majority"/>.</summary>
    public AuditQuorum Quorum { get; set; } = AuditQuorum.Majority;

    /// <summary>Gets or sets the number of approvals <see cref="AuditQuorum.AtLeast"/> requires. The default is 1.</summary>
    public int RequiredApprovals { get; set; } = 1;

    /// <summary>Gets or sets the severity at which one auditor's risk rejects the artifact whatever the others say; <see langword="null"/> for no veto. The default is <see cref="RiskSeverity.Critical"/>.</summary>
    public RiskSeverity? VetoSeverity { get; set; } = RiskSeverity.Critical;

    /// <summary>Gets or sets how many times a "revise" decision sends a candidate back to build. The default is 1; 0 never revises.</summary>
    public int MaxReviseRounds { get; set; } = 1;

    internal void Validate(int auditorCount)
    {
        var prefix = nameof(ConvergencePipelineOptions.Audit) + "." + nameof(AuditOptions.Policy) + ".";
        if (!Enum.IsDefined(Quorum))
        {
            throw new ArgumentOutOfRangeException($"{prefix}{nameof(Quorum)}", Quorum, "Unknown quorum.");
        }

        if (VetoSeverity is { } veto && !Enum.IsDefined(veto))
        {
            throw new ArgumentOutOfRangeException($"{prefix}{nameof(VetoSeverity)}", veto, "Unknown severity.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReviseRounds, 0, prefix + nameof(MaxReviseRounds));
        if (Quorum == AuditQuorum.AtLeast)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(RequiredApprovals, 1, prefix + nameof(RequiredApprovals));
            if (auditorCount > 0 && RequiredApprovals > auditorCount)
            {
                throw new ArgumentOutOfRangeException(
                    $"{prefix}{nameof(RequiredApprovals)}",
                    RequiredApprovals,
                    $"The policy requires {RequiredApprovals} approvals but only {auditorCount} auditors are configured: nothing could ever be approved.");
            }
        }
    }

    /// <summary>Decides one round.</summary>
    /// <param name="round">The round.</param>
    /// <param name="auditors">The number of auditors asked.</param>
    /// <param name="reviews">The usable verdicts (auditors that failed are missing).</param>
    /// <param name="canRevise">Whether a revise round is still available.</param>
    internal AuditDecision Decide(int round, int auditors, IReadOnlyList<AuditReview> reviews, bool canRevise)
    {
        int approvals = 0, revisions = 0, rejections = 0;
        var vetoedBy = new List<string>();
        foreach (var review in reviews)
        {
            switch (review.Verdict)
            {
                case AuditVerdict.Approve: approvals++; break;
                case AuditVerdict.Revise: revisions++; break;
                default: rejections++; break;
            }

            if (VetoSeverity is { } veto && review.Risks.Any(r => r.Severity >= veto))
            {
                vetoedBy.Add(review.Participant);
            }
        }

        var required = Quorum switch
        {
            AuditQuorum.Unanimous => auditors,
            AuditQuorum.AtLeast => RequiredApprovals,
            _ => (auditors / 2) + 1,
        };

        AuditVerdict verdict;
        string reason;
        var tally = string.Create(
            CultureInfo.InvariantCulture,
            $"{approvals} of {auditors} approved ({required} required), {revisions} revise, {rejections} reject, {auditors - reviews.Count} abstained");
        if (vetoedBy.Count > 0)
        {
            verdict = AuditVerdict.Reject;
            reason = $"Vetoed: {string.Join(", ", vetoedBy)} reported a risk of severity {VetoSeverity} or above; {tally}.";
        }
        else if (approvals >= required && required > 0)
        {
            verdict = AuditVerdict.Approve;
            reason = $"Approved: {tally}.";
        }
        else if (revisions > 0 && canRevise)
        {
            verdict = AuditVerdict.Revise;
            reason = $"Sent back to build: {tally}.";
        }
        else if (revisions > 0)
        {
            verdict = AuditVerdict.Revise;
            reason = $"Revision asked but the revise budget ({MaxReviseRounds}) is spent: {tally}.";
        }
        else
        {
            verdict = AuditVerdict.Reject;
            reason = $"Rejected: {tally}.";
        }

        return new AuditDecision
        {
            Round = round,
            Verdict = verdict,
            Auditors = auditors,
            Approvals = approvals,
            Revisions = revisions,
            Rejections = rejections,
            Abstentions = auditors - reviews.Count,
            VetoedBy = vetoedBy,
            Reason = reason,
        };
    }
}
