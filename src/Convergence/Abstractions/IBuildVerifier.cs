namespace Convergence;

/// <summary>Checks a builder's artifact: runs the tests, the benchmark or the command that proves it, and says whether it passed.</summary>
/// <remarks>
/// The build stage calls the verifier once per attempt, possibly for several artifacts at once, so implementations must be safe
/// for concurrent use. A verifier that throws fails that attempt (the exception becomes the attempt's error and the builder's
/// feedback); the run goes on. <see cref="CommandVerifier"/> runs a command.
/// </remarks>
public interface IBuildVerifier
{
    /// <summary>Verifies an artifact.</summary>
    /// <param name="artifact">The artifact and where it comes from.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Whether the artifact passed, the feedback for the builder, and optional metrics.</returns>
    Task<VerificationResult> VerifyAsync(BuildArtifact artifact, CancellationToken cancellationToken = default);
}
