namespace Convergence;

/// <summary>What a builder produced for a candidate in one attempt: the input of an <see cref="IBuildVerifier"/>.</summary>
public sealed record BuildArtifact
{
    /// <summary>Gets the identifier of the candidate the artifact implements.</summary>
    public required string CandidateId { get; init; }

    /// <summary>Gets the candidate's title.</summary>
    public string CandidateTitle { get; init; } = string.Empty;

    /// <summary>Gets the artifact: the builder's reply (without an enclosing code fence, by default).</summary>
    public required string Content { get; init; }

    /// <summary>Gets the builder that produced it.</summary>
    public required ParticipantIdentity Builder { get; init; }

    /// <summary>Gets the build round: 0 for the first build, then 1, 2… for each revision the auditors asked for.</summary>
    public int Round { get; init; }

    /// <summary>Gets the 1-based iteration within the round.</summary>
    public int Iteration { get; init; } = 1;
}
