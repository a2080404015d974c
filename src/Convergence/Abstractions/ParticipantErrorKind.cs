using System.Text.Json.Serialization;

namespace Convergence;

/// <summary>Why a participant failed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ParticipantErrorKind>))]
public enum ParticipantErrorKind
{
    /// <summary>No error.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>The client threw an exception.</summary>
    [JsonStringEnumMemberName("exception")]
    Exception,

    /// <summary>The call did not complete in time.</summary>
    [JsonStringEnumMemberName("timeout")]
    Timeout,

    /// <summary>The reply could not be parsed into the role's reply format.</summary>
    [JsonStringEnumMemberName("invalid-reply")]
    InvalidReply,

    /// <summary>The reply was empty.</summary>
    [JsonStringEnumMemberName("empty-reply")]
    EmptyReply,
}
