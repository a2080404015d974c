namespace Convergence;

/// <summary>Options of the audit stage: the policy, the auditors' instructions, and the independence check.</summary>
public sealed class AuditOptions
{
    /// <summary>The default instructions every auditor receives.</summary>
    public const string DefaultInstructions =
        "You are an independent auditor. Review the artifact in the data blocks for production risk: correctness, security, " +
        "performance, maintainability. Reply with JSON only, in exactly this shape: " +
        """{"verdict": "approve" | "revise" | "reject", "confidence": 0.9, "risks": [{"severity": "low" | "medium" | "high" | "critical", "description": "..."}]}. """ +
        "Use \"revise\" when specific changes would make it fit, and list them as risks.";

    private AuditPolicy _policy = new();

    /// <summary>Gets or sets the policy that decides from the verdicts.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public AuditPolicy Policy
    {
        get => _policy;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _policy = value;
        }
    }

    /// <summary>
    /// Gets or sets a value indicating whether an auditor may not share a provider with a builder whose artifact it reviews.
    /// When <see langword="false"/> (the default) such a review is flagged in the result's warnings (the same-model illusion);
    /// when <see langword="true"/>, building the pipeline throws if the configuration guarantees it (every builder shares a provider with an auditor).
    /// </summary>
    public bool RequireIndependentAuditors { get; set; }

    /// <summary>Gets or sets how auditors are asked for their verdict. The default is <see cref="FindingsResponseFormat.JsonSchema"/>.</summary>
    public FindingsResponseFormat ResponseFormat { get; set; } = FindingsResponseFormat.JsonSchema;

    /// <summary>Gets or sets how many candidates are audited at once (the auditors of one candidate always work in parallel). The default is 4.</summary>
    public int MaxDegreeOfParallelism { get; set; } = 4;

    /// <summary>Gets or sets how many characters of an unusable reply are kept in the participant's report. The default is 4096.</summary>
    public int MaxRawReplyLength { get; set; } = 4096;

    /// <summary>Gets or sets the instructions every auditor receives before its own. The default is <see cref="DefaultInstructions"/>.</summary>
    public string Instructions { get; set; } = DefaultInstructions;

    internal void Validate(int auditorCount)
    {
        var prefix = nameof(ConvergencePipelineOptions.Audit) + ".";
        Policy.Validate(auditorCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDegreeOfParallelism, 1, prefix + nameof(MaxDegreeOfParallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRawReplyLength, 0, prefix + nameof(MaxRawReplyLength));
        ArgumentException.ThrowIfNullOrWhiteSpace(Instructions, prefix + nameof(Instructions));
        if (!Enum.IsDefined(ResponseFormat))
        {
            throw new ArgumentOutOfRangeException($"{prefix}{nameof(ResponseFormat)}", ResponseFormat, "Unknown response format.");
        }
    }
}
