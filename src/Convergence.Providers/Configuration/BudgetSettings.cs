namespace Convergence.Providers;

/// <summary>The <c>Convergence:Budget</c> configuration section. Unset values are <see langword="null"/>, so the caller applies its own defaults.</summary>
public sealed class BudgetSettings
{
    /// <summary>Gets or sets the most tokens (input plus output) a run may use.</summary>
    public long? MaxTokens { get; set; }
}
