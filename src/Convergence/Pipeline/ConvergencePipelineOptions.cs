namespace Convergence;

/// <summary>Options of a convergence pipeline.</summary>
/// <remarks>Validated when the pipeline is built; an invalid value throws an <see cref="ArgumentException"/> naming the option.</remarks>
public sealed class ConvergencePipelineOptions
{
    /// <summary>Gets the options of the explore stage.</summary>
    public ExploreOptions Explore { get; } = new();

    /// <summary>Gets or sets the minimum number of explorers that must succeed; below it the run fails. The default is 1.</summary>
    public int ExplorerQuorum { get; set; } = 1;

    /// <summary>Gets or sets the clock. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        Explore.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(ExplorerQuorum, 1, nameof(ExplorerQuorum));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
