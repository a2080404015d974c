namespace Convergence;

/// <summary>Merges candidates whose titles are the same after normalisation (case, width, punctuation, white space).</summary>
/// <remarks>
/// The cheapest dedup: it merges "SQL injection in login" and "SQL Injection in login." but not paraphrases; use
/// lexical or semantic dedup for those. Candidates keep their first-seen order; the merged candidate's title and detail
/// come from its most confident finding (then the longest detail, then the first). Safe for concurrent use.
/// </remarks>
public sealed class ExactDedupSynthesizer : ISynthesizer
{
    /// <summary>Initializes a new instance of the <see cref="ExactDedupSynthesizer"/> class.</summary>
    /// <param name="includeDetail">Whether the detail must match too, not only the title.</param>
    public ExactDedupSynthesizer(bool includeDetail = false) => IncludeDetail = includeDetail;

    /// <summary>Gets a value indicating whether the detail must match too, not only the title.</summary>
    public bool IncludeDetail { get; }

    /// <inheritdoc/>
    public Task<SynthesisResult> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var groups = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        var order = new List<List<Candidate>>();
        foreach (var candidate in request.Candidates)
        {
            var key = TextNormalizer.Normalize(candidate.Title);
            if (IncludeDetail)
            {
                key = string.Concat(key, "\n", TextNormalizer.Normalize(candidate.Detail));
            }

            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
                order.Add(group);
            }

            group.Add(candidate);
        }

        var merged = new Candidate[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            merged[i] = Merge(order[i]);
        }

        return Task.FromResult(new SynthesisResult(merged));
    }

    /// <summary>Merges candidates into one: the union of their findings, represented by the most confident one.</summary>
    internal static Candidate Merge(IReadOnlyList<Candidate> group)
    {
        if (group.Count == 1)
        {
            return group[0];
        }

        var findings = new List<Finding>();
        foreach (var candidate in group)
        {
            findings.AddRange(candidate.Findings);
        }

        var representative = findings[0];
        foreach (var finding in findings)
        {
            var better = (finding.Confidence ?? 0, finding.Detail.Length).CompareTo((representative.Confidence ?? 0, representative.Detail.Length)) > 0;
            if (better)
            {
                representative = finding;
            }
        }

        return group[0] with { Title = representative.Title, Detail = representative.Detail, Findings = findings };
    }
}
