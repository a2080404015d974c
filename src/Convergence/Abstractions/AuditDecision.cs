namespace Convergence;

/// <summary>What the audit policy decided for one candidate in one round, and why.</summary>
public sealed record AuditDecision
{
    /// <summary>Gets the audit round: 0 for the first audit, then one more for each revision.</summary>
    public int Round { get; init; }

    /// <summary>Gets the decision.</summary>
    public AuditVerdict Verdict { get; init; }

    /// <summary>Gets the number of auditors asked.</summary>
    public int Auditors { get; init; }

    /// <summary>Gets the number of approve verdicts.</summary>
    public int Approvals { get; init; }

    /// <summary>Gets the number of revise verdicts.</summary>
    public int Revisions { get; init; }

    /// <summary>Gets the number of reject verdicts.</summary>
    public int Rejections { get; init; }

    /// <summary>Gets the number of auditors that returned no usable verdict (they count as not approving).</summary>
    public int Abstentions { get; init; }

    /// <summary>Gets the auditors whose risks reached the veto severity.</summary>
    public IReadOnlyList<string> VetoedBy { get; init; } = [];

    /// <summary>Gets a value indicating whether a veto decided the outcome.</summary>
    public bool Vetoed => VetoedBy.Count > 0;

    /// <summary>Gets a one-line explanation of the decision.</summary>
    public string Reason { get; init; } = string.Empty;
}
