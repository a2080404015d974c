namespace Convergence;

/// <summary>A production risk an auditor reported.</summary>
/// <param name="Severity">How severe it is.</param>
/// <param name="Description">What the risk is.</param>
public sealed record AuditRisk(RiskSeverity Severity, string Description);
