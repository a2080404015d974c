namespace Convergence.Benchmarks.Dedup;

/// <summary>
/// The naive way, as the reference the scaling is judged against: every pair of findings compared by the Jaccard similarity of
/// their word sets (title and detail), pairs at or above the threshold merged (union-find). O(n²) comparisons.
/// </summary>
public sealed class NaiveJaccardSynthesizer(double threshold = 0.45) : ISynthesizer
{
    public Task<SynthesisResult> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken = default)
    {
        var candidates = request.Candidates;
        var sets = new ulong[candidates.Count][];
        for (var i = 0; i < sets.Length; i++)
        {
            sets[i] = Words(candidates[i].Title + " " + candidates[i].Detail);
        }

        var parent = new int[sets.Length];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        for (var i = 0; i < sets.Length; i++)
        {
            for (var j = i + 1; j < sets.Length; j++)
            {
                if (Jaccard(sets[i], sets[j]) >= threshold)
                {
                    parent[Find(parent, i)] = Find(parent, j);
                }
            }
        }

        var groups = new Dictionary<int, List<Finding>>();
        var order = new List<int>();
        for (var i = 0; i < sets.Length; i++)
        {
            var root = Find(parent, i);
            if (!groups.TryGetValue(root, out var group))
            {
                groups[root] = group = [];
                order.Add(root);
            }

            group.AddRange(candidates[i].Findings);
        }

        var merged = new Candidate[order.Count];
        for (var g = 0; g < order.Count; g++)
        {
            var findings = groups[order[g]];
            merged[g] = new Candidate { Id = findings[0].Id, Title = findings[0].Title, Detail = findings[0].Detail, Findings = findings };
        }

        return Task.FromResult(new SynthesisResult(merged));
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    /// <summary>The sorted, distinct hashes of the lower-cased words of <paramref name="text"/>.</summary>
    private static ulong[] Words(string text)
    {
        var hashes = new List<ulong>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                hashes.Add(Hash(text.AsSpan(start, i - start)));
                start = -1;
            }
        }

        hashes.Sort();
        var distinct = new List<ulong>(hashes.Count);
        foreach (var h in hashes)
        {
            if (distinct.Count == 0 || distinct[^1] != h)
            {
                distinct.Add(h);
            }
        }

        return [.. distinct];
    }

    private static ulong Hash(ReadOnlySpan<char> word)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in word)
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 1099511628211UL;
        }

        return hash;
    }

    private static double Jaccard(ulong[] a, ulong[] b)
    {
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        var union = a.Length + b.Length - common;
        return union == 0 ? 1 : (double)common / union;
    }
}
