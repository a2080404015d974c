using System.Text.Json.Serialization;

namespace Convergence;

/// <summary>One auditor's verdict on one candidate's artifact in one round.</summary>
public sealed record AuditReview
{
    /// <summary>Gets the auditor's name.</summary>
    [JsonPropertyName("participant")]
    public required string Participant { get; init; }

    /// <summary>Gets the auditor's provider.</summary>
    public string Provider { get; init; } = string.Empty;

    /// <summary>Gets the auditor's model.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>Gets the audit round: 0 for the first audit, then one more for each revision.</summary>
    public int Round { get; init; }

    /// <summary>Gets the verdict.</summary>
    public AuditVerdict Verdict { get; init; }

    /// <summary>Gets the confidence the auditor stated, between 0 and 1, if it stated one.</summary>
    public double? Confidence { get; init; }

    /// <summary>Gets the risks the auditor reported.</summary>
    public IReadOnlyList<AuditRisk> Risks { get; init; } = [];
}
