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

    /// <summary>Gets or sets how many repair requests an explorer gets when its reply cannot be parsed: each quotes the parse error back to the model. 0 disables them. The default is 1.</summary>
    /// <remarks>An empty reply is not repaired: it is a failure (<see cref="ParticipantErrorKind.EmptyReply"/>), never zero findings.</remarks>
    public int RepairAttempts { get; set; } = 1;

    /// <summary>Gets or sets the longest reply that is read, in characters; the rest of an oversized reply is ignored, with a warning. The default is 262144.</summary>
    public int MaxReplyLength { get; set; } = 256 * 1024;

    internal static string RepairPrompt(string error) =>
        $"Your reply could not be used: {error}. Reply again with JSON only, in exactly this shape: " +
        """{"findings": [{"title": "short name", "detail": "what and why", "confidence": 0.8}]}""" +
        ". If you find nothing, reply {\"findings\": []}.";

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDegreeOfParallelism, 1, $"{nameof(ConvergencePipelineOptions.Explore)}.{nameof(MaxDegreeOfParallelism)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRawReplyLength, 0, $"{nameof(ConvergencePipelineOptions.Explore)}.{nameof(MaxRawReplyLength)}");
        ArgumentOutOfRangeException.ThrowIfNegative(RepairAttempts, $"{nameof(ConvergencePipelineOptions.Explore)}.{nameof(RepairAttempts)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReplyLength, 1, $"{nameof(ConvergencePipelineOptions.Explore)}.{nameof(MaxReplyLength)}");
        ArgumentException.ThrowIfNullOrWhiteSpace(Instructions, $"{nameof(ConvergencePipelineOptions.Explore)}.{nameof(Instructions)}");
        if (!Enum.IsDefined(ResponseFormat))
        {
            throw new ArgumentOutOfRangeException($"{nameof(ConvergencePipelineOptions.Explore)}.{nameof(ResponseFormat)}", ResponseFormat, "Unknown response format.");
        }
    }
}
