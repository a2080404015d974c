namespace Convergence;

/// <summary>Options of the explore (fan-out) stage.</summary>
public sealed class ExploreOptions
{
    /// <summary>The default instructions every explorer receives.</summary>
    public const string DefaultInstructions =
        "You are one of several independent experts examining the same task. Work on your own and report what you find. " +
        "Reply with JSON only, in exactly this shape: " +
        """{"findings": [{"title": "short name", "detail": "what and why", "confidence": 0.8}]}. """ +
        "\"confidence\" is optional, between 0 and 1. Report each distinct finding once. If you find nothing, reply {\"findings\": []}.";

    /// <summary>Gets or sets how many explorers are called at once. The default is 16.</summary>
    public int MaxDegreeOfParallelism { get; set; } = 16;

    /// <summary>Gets or sets how explorers are asked for their findings. The default is <see cref="FindingsResponseFormat.JsonSchema"/>.</summary>
    public FindingsResponseFormat ResponseFormat { get; set; } = FindingsResponseFormat.JsonSchema;

    /// <summary>Gets or sets how many characters of an unusable reply are kept in the participant's report. The default is 4096.</summary>
    public int MaxRawReplyLength { get; set; } = 4096;

    /// <summary>Gets or sets the instructions every explorer receives before its own. The default is <see cref="DefaultInstructions"/>.</summary>
    public string Instructions { get; set; } = DefaultInstructions;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDegreeOfParallelism, 1, $"{nameof(ConvergencePipelineOptions.Explore)}.{nameof(MaxDegreeOfParallelism)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRawReplyLength, 0, $"{nameof(ConvergencePipelineOptions.Explore)}.{nameof(MaxRawReplyLength)}");
        ArgumentException.ThrowIfNullOrWhiteSpace(Instructions, $"{nameof(ConvergencePipelineOptions.Explore)}.{nameof(Instructions)}");
        if (!Enum.IsDefined(ResponseFormat))
        {
            throw new ArgumentOutOfRangeException($"{nameof(ConvergencePipelineOptions.Explore)}.{nameof(ResponseFormat)}", ResponseFormat, "Unknown response format.");
        }
    }
}
