namespace Convergence;

/// <summary>How many auditors must approve an artifact.</summary>
public enum AuditQuorum
{
    /// <summary>More than half of the auditors asked.</summary>
    Majority,

    /// <summary>Every auditor asked.</summary>
    Unanimous,

    /// <summary>At least <see cref="AuditPolicy.RequiredApprovals"/> auditors (N of M).</summary>
    AtLeast,
}
