namespace Convergence.Providers;

/// <summary>The <c>Convergence:Resilience</c> configuration section. Unset values are <see langword="null"/>, so the caller applies its own defaults.</summary>
public sealed class ResilienceSettings
{
    /// <summary>Gets or sets the timeout of one participant call, in seconds.</summary>
    public double? TimeoutSeconds { get; set; }

    /// <summary>Gets or sets the minimum number of explorers that must succeed.</summary>
    public int? ExplorerQuorum { get; set; }
}
