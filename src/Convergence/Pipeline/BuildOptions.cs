namespace Convergence;

/// <summary>Options of the build stage: how many candidates are built, how often a builder may try, and who verifies.</summary>
public sealed class BuildOptions
{
    /// <summary>The default instructions every builder receives.</summary>
    public const string DefaultInstructions =
        "You are a builder. Implement the candidate described in the data blocks so that it solves the task. " +
        "Reply with the artifact only (for example the complete file), with no explanation before or after it. " +
        "When the prompt includes your previous attempt and a verifier's or auditors' feedback, fix what they report.";

    /// <summary>Gets or sets how many of the best-ranked candidates are built. The default is 3.</summary>
    public int TopK { get; set; } = 3;

    /// <summary>Gets or sets how many attempts each builder has per candidate and round; it stops at the first verified attempt. The default is 3.</summary>
    public int MaxIterations { get; set; } = 3;

    /// <summary>Gets or sets the verifier that proves artifacts. When <see langword="null"/>, an <see cref="IBuildVerifier"/> service is used; one of the two is required when there are builders.</summary>
    public IBuildVerifier? Verifier { get; set; }

    /// <summary>Gets or sets how many candidates are built at once (the builders of one candidate always work in parallel). The default is 4.</summary>
    public int MaxDegreeOfParallelism { get; set; } = 4;

    /// <summary>Gets or sets the metric that chooses between verified artifacts of several builders; when <see langword="null"/> or missing, the artifact that needed the fewest iterations wins, then registration order.</summary>
    public string? SelectionMetric { get; set; }

    /// <summary>Gets or sets a value indicating whether a lower <see cref="SelectionMetric"/> is better (a duration); by default higher is better (a score).</summary>
    public bool LowerMetricIsBetter { get; set; }

    /// <summary>Gets or sets a value indicating whether a reply that is one fenced code block is unwrapped to its content. The default is <see langword="true"/>.</summary>
    public bool StripCodeFence { get; set; } = true;

    /// <summary>Gets or sets how many characters of verifier feedback a builder is sent (the end is kept: errors come last). The default is 8000.</summary>
    public int MaxFeedbackLength { get; set; } = 8000;

    /// <summary>Gets or sets the instructions every builder receives before its own. The default is <see cref="DefaultInstructions"/>.</summary>
    public string Instructions { get; set; } = DefaultInstructions;

    internal void Validate()
    {
        const string Prefix = nameof(ConvergencePipelineOptions.Build) + ".";
        ArgumentOutOfRangeException.ThrowIfLessThan(TopK, 1, Prefix + nameof(TopK));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, Prefix + nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDegreeOfParallelism, 1, Prefix + nameof(MaxDegreeOfParallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFeedbackLength, 0, Prefix + nameof(MaxFeedbackLength));
        ArgumentException.ThrowIfNullOrWhiteSpace(Instructions, Prefix + nameof(Instructions));
    }
}
