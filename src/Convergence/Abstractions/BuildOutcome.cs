namespace Convergence;

/// <summary>How the build of one candidate went: every attempt of every builder, and the artifact chosen.</summary>
public sealed record BuildOutcome
{
    /// <summary>Gets every attempt, in builder registration order, then round, then iteration.</summary>
    public IReadOnlyList<BuildAttempt> Attempts { get; init; } = [];

    /// <summary>Gets a value indicating whether the chosen artifact (of the latest round) was proven by the verifier.</summary>
    public bool Verified { get; init; }

    /// <summary>Gets the chosen artifact: the best verified artifact of the latest round, or <see langword="null"/> when none was verified.</summary>
    public string? Artifact { get; init; }

    /// <summary>Gets the builder of the chosen artifact, or <see langword="null"/>.</summary>
    public ParticipantIdentity? Builder { get; init; }

    /// <summary>Gets the verifier's metrics for the chosen artifact.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Gets the number of build rounds (1 plus the revisions the auditors asked for).</summary>
    public int Rounds { get; init; }

    /// <summary>Gets the number of attempts, over every builder and round.</summary>
    public int Iterations => Attempts.Count;
}
