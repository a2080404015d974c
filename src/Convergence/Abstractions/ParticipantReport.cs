namespace Convergence;

/// <summary>What one participant did in a run: its status, the error if it failed, latency, usage and the number of findings.</summary>
public sealed record ParticipantReport
{
    /// <summary>Gets the participant's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the participant's role.</summary>
    public required ConvergenceRole Role { get; init; }

    /// <summary>Gets the provider that answered (a backup's provider when the participant failed over).</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the provider that was planned, when a backup answered instead; otherwise <see langword="null"/>.</summary>
    public string? PlannedProvider { get; init; }

    /// <summary>Gets the model that answered.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>Gets the participant's status.</summary>
    public ParticipantStatus Status { get; init; }

    /// <summary>Gets why the participant failed, or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the kind of failure.</summary>
    public ParticipantErrorKind ErrorKind { get; init; }

    /// <summary>Gets the token usage the provider reported for the participant's calls.</summary>
    public TokenUsage Usage { get; init; } = TokenUsage.Empty;

    /// <summary>Gets the estimated cost of the participant's calls, from the pipeline's <see cref="ICostEstimator"/>; <see langword="null"/> when there is none or it knows no price for a call.</summary>
    public decimal? Cost { get; init; }

    /// <summary>Gets the wall time of the participant's calls.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Gets the number of calls made to the participant's providers (every attempt, retries and repair requests included).</summary>
    public int Calls { get; init; }

    /// <summary>Gets the number of calls answered from the run store instead of the provider, when a run was resumed.</summary>
    public int ReplayedCalls { get; init; }

    /// <summary>Gets the number of findings the participant reported (explorers).</summary>
    public int FindingCount { get; init; }

    /// <summary>Gets the raw reply, capped, when it could not be used; otherwise <see langword="null"/>.</summary>
    public string? RawReply { get; init; }
}
