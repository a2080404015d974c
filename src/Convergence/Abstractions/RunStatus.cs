using System.Text.Json.Serialization;

namespace Convergence;

/// <summary>The outcome of a run as a whole.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    /// <summary>Every stage ran and every participant succeeded.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Every stage ran, but some participants failed or some work was skipped; <see cref="ConvergenceResult.Warnings"/> says what is missing.</summary>
    [JsonStringEnumMemberName("partial")]
    Partial,

    /// <summary>The run could not reach its quorum; what did arrive is still in the result.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
