namespace Convergence;

/// <summary>One participant call that completed (the provider answered), as a <see cref="IRunStore"/> keeps it so a resumed run does not make it again.</summary>
public sealed record ParticipantCallRecord
{
    /// <summary>Gets the call's key within its run: the stage, the participant and the call's number for that participant in that stage (for example <c>explore/gpt/1</c>).</summary>
    public required string Key { get; init; }

    /// <summary>Gets the stage that made the call.</summary>
    public required string Stage { get; init; }

    /// <summary>Gets the participant's name.</summary>
    public required string Participant { get; init; }

    /// <summary>Gets the provider that answered.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the model that answered.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>Gets the provider that was planned, when a backup answered instead; otherwise <see langword="null"/>.</summary>
    public string? PlannedProvider { get; init; }

    /// <summary>Gets the reply's text.</summary>
    public string Reply { get; init; } = string.Empty;

    /// <summary>Gets the token usage the provider reported.</summary>
    public TokenUsage Usage { get; init; } = TokenUsage.Empty;

    /// <summary>Gets the wall time of the call, retries included.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Gets how many attempts the call took.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets when the call completed.</summary>
    public DateTimeOffset CompletedAt { get; init; }
}
