namespace Convergence;

/// <summary>Turns clusters of candidate indices into merged candidates: the union of their findings (each keeps its source),
/// represented by the title and detail of the cluster's chosen representative.</summary>
internal static class ClusterMerger
{
    /// <summary>Merges each cluster; clusters come out in the order of their first candidate.</summary>
    /// <param name="candidates">The input candidates.</param>
    /// <param name="clusters">Clusters of indices into <paramref name="candidates"/>, each sorted ascending.</param>
    /// <param name="representative">Returns the position, within a cluster, of its representative member.</param>
    /// <returns>The merged candidates.</returns>
    public static Candidate[] Merge(IReadOnlyList<Candidate> candidates, IReadOnlyList<IReadOnlyList<int>> clusters, Func<IReadOnlyList<int>, int> representative)
    {
        var merged = new Candidate[clusters.Count];
        for (var c = 0; c < clusters.Count; c++)
        {
            var members = clusters[c];
            if (members.Count == 1)
            {
                merged[c] = candidates[members[0]];
                continue;
            }

            var count = 0;
            foreach (var m in members)
            {
                count += candidates[m].Findings.Count;
            }

            var findings = new List<Finding>(count);
            foreach (var m in members)
            {
                findings.AddRange(candidates[m].Findings);
            }

            var chosen = candidates[members[representative(members)]];
            merged[c] = candidates[members[0]] with { Title = chosen.Title, Detail = chosen.Detail, Findings = findings };
        }

        return merged;
    }

    /// <summary>The text a candidate is compared by: its title, and its detail when asked.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <param name="includeDetail">Whether to include the detail.</param>
    /// <returns>The text.</returns>
    public static string TextOf(Candidate candidate, bool includeDetail)
        => includeDetail && candidate.Detail.Length > 0 ? string.Concat(candidate.Title, ". ", candidate.Detail) : candidate.Title;
}
