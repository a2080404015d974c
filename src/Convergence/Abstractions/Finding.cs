namespace Convergence;

/// <summary>One finding that one explorer reported: a short title, the detail (what and why), and an optional confidence.</summary>
public sealed record Finding
{
    /// <summary>Gets the finding's identifier, unique within a run (for example <c>gpt#2</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the finding's short name.</summary>
    public required string Title { get; init; }

    /// <summary>Gets what was found and why it matters.</summary>
    public string Detail { get; init; } = string.Empty;

    /// <summary>Gets the confidence the explorer stated, between 0 and 1, if it stated one.</summary>
    public double? Confidence { get; init; }

    /// <summary>Gets the participant that reported the finding.</summary>
    public required ParticipantIdentity Source { get; init; }
}
