namespace Convergence;

/// <summary>
/// Near-duplicate clustering on shingle sets: MinHash signatures with fixed seeds, LSH banding to propose candidate pairs in
/// near-linear time, exact Jaccard to confirm each proposal, and union-find to form clusters (single linkage).
/// </summary>
internal static class MinHashLsh
{
    /// <summary>The seed of the hash family; fixed so that results are identical across runs and machines.</summary>
    public const ulong DefaultSeed = 0x5EED_C0DE_2026UL;

    /// <summary>Chooses the band layout for <paramref name="numHashes"/> hashes so that a pair at exactly
    /// <paramref name="threshold"/> is proposed with probability at least <paramref name="targetRecall"/>, with as few
    /// spurious proposals as that allows (the most rows per band).</summary>
    /// <param name="numHashes">The signature length.</param>
    /// <param name="threshold">The Jaccard threshold.</param>
    /// <param name="targetRecall">The wanted probability of proposing a pair at the threshold.</param>
    /// <returns>The rows per band and the number of bands.</returns>
    public static (int Rows, int Bands) ChooseBands(int numHashes, double threshold, double targetRecall = 0.998)
    {
        for (var rows = Math.Min(numHashes, 16); rows > 1; rows--)
        {
            var bands = numHashes / rows;
            var p = 1 - Math.Pow(1 - Math.Pow(threshold, rows), bands);
            if (p >= targetRecall)
            {
                return (rows, bands);
            }
        }

        return (1, numHashes);
    }

    /// <summary>Computes the MinHash signature of one shingle set.</summary>
    /// <param name="shingles">The shingle hashes.</param>
    /// <param name="seeds">One seed per hash function.</param>
    /// <returns>The signature.</returns>
    public static ulong[] Signature(ReadOnlySpan<ulong> shingles, ReadOnlySpan<ulong> seeds)
    {
        var signature = new ulong[seeds.Length];
        Array.Fill(signature, ulong.MaxValue);
        foreach (var s in shingles)
        {
            for (var i = 0; i < seeds.Length; i++)
            {
                var v = ShingleSet.Mix(s ^ seeds[i]);
                if (v < signature[i])
                {
                    signature[i] = v;
                }
            }
        }

        return signature;
    }

    /// <summary>Creates the fixed seeds of the hash family.</summary>
    /// <param name="count">How many hash functions.</param>
    /// <param name="seed">The family's seed.</param>
    /// <returns>The seeds.</returns>
    public static ulong[] Seeds(int count, ulong seed = DefaultSeed)
    {
        var seeds = new ulong[count];
        var state = seed;
        for (var i = 0; i < count; i++)
        {
            // SplitMix64 sequence.
            state += 0x9E3779B97F4A7C15UL;
            seeds[i] = ShingleSet.Mix(state);
        }

        return seeds;
    }

    /// <summary>Clusters the shingle sets: every confirmed pair (Jaccard ≥ <paramref name="threshold"/>) joins its two sets.</summary>
    /// <param name="sets">Sorted distinct shingle hashes per item.</param>
    /// <param name="threshold">The Jaccard threshold, in (0, 1].</param>
    /// <param name="numHashes">The signature length.</param>
    /// <param name="onConfirmedPair">Optional callback for every confirmed pair (i &lt; j) with its Jaccard similarity.</param>
    /// <returns>The union-find structure holding the clusters.</returns>
    public static UnionFind Cluster(IReadOnlyList<ulong[]> sets, double threshold, int numHashes = 128, Action<int, int, double>? onConfirmedPair = null)
    {
        var n = sets.Count;
        var uf = new UnionFind(n);
        if (n < 2)
        {
            return uf;
        }

        var seeds = Seeds(numHashes);
        var signatures = new ulong[n][];
        for (var i = 0; i < n; i++)
        {
            signatures[i] = Signature(sets[i], seeds);
        }

        var (rows, bands) = ChooseBands(numHashes, threshold);
        var checkedPairs = new HashSet<long>();
        var buckets = new Dictionary<ulong, List<int>>();
        for (var band = 0; band < bands; band++)
        {
            buckets.Clear();
            for (var i = 0; i < n; i++)
            {
                if (sets[i].Length == 0)
                {
                    continue;
                }

                var key = (ulong)band * 0x9E3779B97F4A7C15UL;
                for (var r = 0; r < rows; r++)
                {
                    key = ShingleSet.Mix(key ^ signatures[i][(band * rows) + r]);
                }

                if (!buckets.TryGetValue(key, out var members))
                {
                    members = [];
                    buckets[key] = members;
                }

                members.Add(i);
            }

            foreach (var members in buckets.Values)
            {
                for (var a = 0; a < members.Count; a++)
                {
                    for (var b = a + 1; b < members.Count; b++)
                    {
                        var i = members[a];
                        var j = members[b];
                        if (onConfirmedPair is null && uf.Find(i) == uf.Find(j))
                        {
                            continue;
                        }

                        var pairKey = ((long)i * n) + j;
                        if (checkedPairs.Contains(pairKey))
                        {
                            continue;
                        }

                        var jaccard = ShingleSet.Jaccard(sets[i], sets[j]);
                        _ = checkedPairs.Add(pairKey);
                        if (jaccard >= threshold)
                        {
                            _ = uf.Union(i, j);
                            onConfirmedPair?.Invoke(i, j, jaccard);
                        }
                    }
                }
            }
        }

        // Items with no shingles at all (empty text) are duplicates of each other only.
        var firstEmpty = -1;
        for (var i = 0; i < n; i++)
        {
            if (sets[i].Length == 0)
            {
                if (firstEmpty < 0)
                {
                    firstEmpty = i;
                }
                else
                {
                    _ = uf.Union(firstEmpty, i);
                }
            }
        }

        return uf;
    }
}
