namespace Convergence.Providers;

/// <summary>The <c>Convergence:Audit</c> configuration section. Unset values are <see langword="null"/>, so the caller applies its own defaults.</summary>
public sealed class AuditSettings
{
    /// <summary>Gets or sets the audit policy (for example <c>majority</c>).</summary>
    public string? Policy { get; set; }

    /// <summary>Gets or sets the risk severity that vetoes a candidate on its own (for example <c>critical</c>).</summary>
    public string? VetoSeverity { get; set; }
}
