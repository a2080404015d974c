using System.Text.Json.Serialization;

namespace Convergence;

/// <summary>Whether a participant's work in a run succeeded.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ParticipantStatus>))]
public enum ParticipantStatus
{
    /// <summary>The participant answered and its reply was usable.</summary>
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    /// <summary>The participant failed: it threw, timed out, or its reply could not be used. <see cref="ParticipantReport.Error"/> says why.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
