using System.Text.Json.Serialization;

namespace Convergence;

/// <summary>An auditor's verdict on an artifact, or the audit policy's decision.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuditVerdict>))]
public enum AuditVerdict
{
    /// <summary>The artifact is fit for production.</summary>
    [JsonStringEnumMemberName("approve")]
    Approve,

    /// <summary>The artifact needs changes; the risks say which.</summary>
    [JsonStringEnumMemberName("revise")]
    Revise,

    /// <summary>The artifact must not ship.</summary>
    [JsonStringEnumMemberName("reject")]
    Reject,
}
