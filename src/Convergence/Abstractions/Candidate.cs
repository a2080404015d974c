namespace Convergence;

/// <summary>A candidate: a cluster of findings that state the same thing, with its supporters and its consensus score.</summary>
/// <remarks>
/// <see cref="Supporters"/> and <see cref="DistinctProviders"/> are derived from <see cref="Findings"/>, so a synthesizer that
/// merges clusters only has to set the findings (for example with a <see langword="with"/> expression).
/// </remarks>
public sealed record Candidate
{
    private readonly IReadOnlyList<Finding> _findings = [];

    /// <summary>Gets the candidate's identifier, stable within a run (the identifier of its first finding).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the 1-based rank of the candidate in its run, or 0 before ranking.</summary>
    public int Rank { get; init; }

    /// <summary>Gets the representative title.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the representative detail.</summary>
    public string Detail { get; init; } = string.Empty;

    /// <summary>Gets the consensus score, between 0 and 1: the share of the panel's independent voices that support the candidate.</summary>
    public double Score { get; init; }

    /// <summary>Gets the number of distinct providers among the supporters.</summary>
    public int DistinctProviders { get; private init; }

    /// <summary>Gets a value indicating whether only one provider supports the candidate (dissent: kept and reported, never dropped).</summary>
    public bool IsDissent { get; init; }

    /// <summary>Gets the build and audit status of the candidate.</summary>
    public CandidateStatus Status { get; init; }

    /// <summary>Gets how the build went (every attempt, the chosen artifact), or <see langword="null"/> when no builder worked on the candidate.</summary>
    public BuildOutcome? Build { get; init; }

    /// <summary>Gets every auditor's verdict, over every round.</summary>
    public IReadOnlyList<AuditReview> Audits { get; init; } = [];

    /// <summary>Gets the audit policy's decision in each round (vetoes included).</summary>
    public IReadOnlyList<AuditDecision> AuditDecisions { get; init; } = [];

    /// <summary>Gets the distinct participants whose findings are in the cluster, in the order of their first finding.</summary>
    public IReadOnlyList<ParticipantIdentity> Supporters { get; private init; } = [];

    /// <summary>Gets every finding in the cluster, each with its source.</summary>
    public required IReadOnlyList<Finding> Findings
    {
        get => _findings;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _findings = value;
            if (value.Count <= SmallCluster)
            {
                // Most clusters are small (every candidate starts as one finding): linear scans instead of two hash sets.
                (Supporters, DistinctProviders) = SummarizeSmall(value);
                return;
            }

            var supporters = new List<ParticipantIdentity>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var providers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var finding in value)
            {
                if (names.Add(finding.Source.Name))
                {
                    supporters.Add(finding.Source);
                }

                _ = providers.Add(finding.Source.Provider);
            }

            Supporters = supporters;
            DistinctProviders = providers.Count;
        }
    }

    private const int SmallCluster = 16;

    private static (IReadOnlyList<ParticipantIdentity> Supporters, int DistinctProviders) SummarizeSmall(IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 1)
        {
            return ([findings[0].Source], 1);
        }

        var supporters = new List<ParticipantIdentity>(findings.Count);
        var distinctProviders = 0;
        for (var i = 0; i < findings.Count; i++)
        {
            var source = findings[i].Source;
            if (!supporters.Exists(s => string.Equals(s.Name, source.Name, StringComparison.Ordinal)))
            {
                supporters.Add(source);
            }

            var seen = false;
            for (var j = 0; j < i && !seen; j++)
            {
                seen = string.Equals(findings[j].Source.Provider, source.Provider, StringComparison.OrdinalIgnoreCase);
            }

            distinctProviders += seen ? 0 : 1;
        }

        return (supporters, distinctProviders);
    }

    /// <summary>Creates a candidate of one finding.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns>The candidate.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="finding"/> is <see langword="null"/>.</exception>
    public static Candidate FromFinding(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new() { Id = finding.Id, Title = finding.Title, Detail = finding.Detail, Findings = [finding] };
    }
}
