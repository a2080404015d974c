namespace Convergence;

/// <summary>One attempt of one builder on one candidate: the artifact, its verification, and any error. Every attempt is kept in the result.</summary>
public sealed record BuildAttempt
{
    /// <summary>Gets the builder.</summary>
    public required ParticipantIdentity Builder { get; init; }

    /// <summary>Gets the build round: 0 for the first build, then 1, 2… for each revision the auditors asked for.</summary>
    public int Round { get; init; }

    /// <summary>Gets the 1-based iteration within the round.</summary>
    public int Iteration { get; init; } = 1;

    /// <summary>Gets the artifact, or <see langword="null"/> when the builder failed to produce one.</summary>
    public string? Artifact { get; init; }

    /// <summary>Gets the verification of the artifact, or <see langword="null"/> when there was no artifact to verify.</summary>
    public VerificationResult? Verification { get; init; }

    /// <summary>Gets why the attempt failed other than by the verifier's verdict (the builder failed, or the verifier threw), or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Gets a value indicating whether the verifier proved the artifact.</summary>
    public bool Passed => Verification?.Passed == true;
}
