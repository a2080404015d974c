namespace Convergence.Providers;

/// <summary>The <c>Convergence:Synthesis</c> configuration section. Unset values are <see langword="null"/>, so the caller applies its own defaults.</summary>
public sealed class SynthesisSettings
{
    /// <summary>Gets or sets the dedup method: <c>exact</c>, <c>lexical</c>, <c>semantic</c> or <c>hybrid</c>.</summary>
    public string? Dedup { get; set; }

    /// <summary>Gets or sets the similarity threshold above which two findings are one candidate (0..1).</summary>
    public double? Threshold { get; set; }
}
