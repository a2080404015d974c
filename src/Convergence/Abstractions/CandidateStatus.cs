using System.Text.Json.Serialization;

namespace Convergence;

/// <summary>How far a candidate got through build and audit.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CandidateStatus>))]
public enum CandidateStatus
{
    /// <summary>No builder implemented the candidate (no builders, or it was outside the top K).</summary>
    [JsonStringEnumMemberName("not-built")]
    NotBuilt,

    /// <summary>It was built, but no artifact was proven by the verifier.</summary>
    [JsonStringEnumMemberName("unverified")]
    Unverified,

    /// <summary>It was built and verified, and the auditors asked for a revision that did not converge.</summary>
    [JsonStringEnumMemberName("revise")]
    Revise,

    /// <summary>It was built and verified, and the audit policy rejected it.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>It was built and verified, and the audit policy approved it (or it was verified and no auditors are configured).</summary>
    [JsonStringEnumMemberName("approved")]
    Approved,
}
