namespace Convergence;

/// <summary>Options of a convergence pipeline.</summary>
/// <remarks>Validated when the pipeline is built; an invalid value throws an <see cref="ArgumentException"/> naming the option.</remarks>
public sealed class ConvergencePipelineOptions
{
    /// <summary>Gets the options of the explore stage.</summary>
    public ExploreOptions Explore { get; } = new();

    /// <summary>Gets the options of the build stage.</summary>
    public BuildOptions Build { get; } = new();

    /// <summary>Gets the options of the audit stage, its policy included.</summary>
    public AuditOptions Audit { get; } = new();

    /// <summary>Gets or sets the minimum number of explorers that must succeed; below it the run fails. The default is 1.</summary>
    public int ExplorerQuorum { get; set; } = 1;

    /// <summary>Gets the resilience options: timeouts, retries, circuit breakers, deadlines and early completion, per role and per participant.</summary>
    public ResilienceOptions Resilience { get; } = new();

    /// <summary>Gets or sets the store where runs are checkpointed as they go, so they can be resumed; by default the <see cref="IRunStore"/> service, if any, else none.</summary>
    public IRunStore? RunStore { get; set; }

    /// <summary>Gets values that must never appear in results, events, logs or errors (for example each provider's API key); they are replaced by <c>[redacted]</c>.</summary>
    /// <remarks>Text shaped like a credential (<c>sk-…</c> keys, bearer tokens, <c>api_key=…</c>) is redacted as well.</remarks>
    public IList<string> Secrets { get; } = [];

    /// <summary>Gets or sets the clock. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate(int auditorCount)
    {
        Explore.Validate();
        Resilience.Validate();
        Build.Validate();
        Audit.Validate(auditorCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(ExplorerQuorum, 1, nameof(ExplorerQuorum));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
