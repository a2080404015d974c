using System.Text.Json.Serialization;

namespace Convergence;

/// <summary>Where a stored run stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunState>))]
public enum RunState
{
    /// <summary>The run started and has not ended (or its process died).</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>The run ended with status <see cref="RunStatus.Completed"/>.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>The run ended with status <see cref="RunStatus.Partial"/>.</summary>
    [JsonStringEnumMemberName("partial")]
    Partial,

    /// <summary>The run ended with status <see cref="RunStatus.Failed"/>.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The run was cancelled; what was done is kept, and it can be resumed.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}
