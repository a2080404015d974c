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

    /// <summary>The provider rejected the call for rate limiting (HTTP 429), and retries did not get through.</summary>
    [JsonStringEnumMemberName("rate-limited")]
    RateLimited,

    /// <summary>The provider failed with a server error (HTTP 5xx), and retries did not get through.</summary>
    [JsonStringEnumMemberName("server-error")]
    ServerError,

    /// <summary>The provider's circuit breaker was open: recent calls to it failed, so it was not called.</summary>
    [JsonStringEnumMemberName("circuit-open")]
    CircuitOpen,

    /// <summary>The participant was still working when the quorum was reached and the grace period ended, so it was cancelled.</summary>
    [JsonStringEnumMemberName("late")]
    Late,

    /// <summary>The participant was not started (or not called again) because the run's budget was spent; see <see cref="ConvergenceBudget"/>.</summary>
    [JsonStringEnumMemberName("budget")]
    Budget,
}
