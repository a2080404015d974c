using System.Text.Json.Serialization;

namespace Convergence;

/// <summary>How severe a risk an auditor reports is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RiskSeverity>))]
public enum RiskSeverity
{
    /// <summary>A minor risk.</summary>
    [JsonStringEnumMemberName("low")]
    Low,

    /// <summary>A moderate risk.</summary>
    [JsonStringEnumMemberName("medium")]
    Medium,

    /// <summary>A serious risk.</summary>
    [JsonStringEnumMemberName("high")]
    High,

    /// <summary>A risk that must block the release.</summary>
    [JsonStringEnumMemberName("critical")]
    Critical,
}
