using System.Numerics.Tensors;

namespace Convergence;

/// <summary>
/// Threshold clustering of embedding vectors by cosine similarity (single linkage through union-find). Up to
/// <see cref="ExactLimit"/> items every pair is compared (O(N²) time, O(N) memory); above it, random-hyperplane LSH with fixed
/// seeds proposes pairs, and each proposal is confirmed by exact cosine, so memory and time stay near-linear.
/// </summary>
internal static class SemanticClusterer
{
    /// <summary>Up to this many items, every pair is compared exactly.</summary>
    public const int ExactLimit = 2048;

    /// <summary>L2-normalises copies of the vectors (zero vectors stay zero).</summary>
    /// <param name="vectors">The vectors.</param>
    /// <returns>The normalised copies.</returns>
    public static float[][] Normalize(IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        var result = new float[vectors.Count][];
        for (var i = 0; i < vectors.Count; i++)
        {
            var v = vectors[i].Span.ToArray();
            var norm = TensorPrimitives.Norm(v);
            if (norm > 0)
            {
                TensorPrimitives.Divide(v, norm, v);
            }

            result[i] = v;
        }

        return result;
    }

    /// <summary>Clusters normalised vectors: a pair whose score is at least <paramref name="threshold"/> joins its two items.</summary>
    /// <param name="normalized">L2-normalised vectors of equal length.</param>
    /// <param name="threshold">The score threshold.</param>
    /// <param name="score">Optional: turns (i, j, cosine) into the score compared with the threshold (for hybrid scoring); cosine by default.</param>
    /// <param name="exactLimit">Up to this many items, all pairs are compared.</param>
    /// <returns>The union-find structure holding the clusters.</returns>
    public static UnionFind Cluster(float[][] normalized, double threshold, Func<int, int, double, double>? score = null, int exactLimit = ExactLimit)
    {
        var n = normalized.Length;
        var uf = new UnionFind(n);
        if (n < 2)
        {
            return uf;
        }

        if (n <= exactLimit)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    TryJoin(normalized, uf, i, j, threshold, score);
                }
            }

            return uf;
        }

        ClusterWithLsh(normalized, uf, threshold, score);
        return uf;
    }

    /// <summary>Returns the index (into <paramref name="members"/>) of the most central member: the one with the highest cosine to the
    /// cluster's mean direction; ties go to the earliest member.</summary>
    /// <param name="normalized">All normalised vectors.</param>
    /// <param name="members">The cluster's member indices.</param>
    /// <returns>The position of the medoid in <paramref name="members"/>.</returns>
    public static int MostCentral(float[][] normalized, IReadOnlyList<int> members)
    {
        if (members.Count <= 2)
        {
            return 0;
        }

        var centroid = new float[normalized[members[0]].Length];
        foreach (var m in members)
        {
            TensorPrimitives.Add(centroid, normalized[m], centroid);
        }

        var best = 0;
        var bestScore = float.NegativeInfinity;
        for (var k = 0; k < members.Count; k++)
        {
            var s = TensorPrimitives.Dot(centroid, normalized[members[k]]);
            if (s > bestScore + 1e-6f)
            {
                best = k;
                bestScore = s;
            }
        }

        return best;
    }

    private static void TryJoin(float[][] normalized, UnionFind uf, int i, int j, double threshold, Func<int, int, double, double>? score)
    {
        var cosine = (double)TensorPrimitives.Dot(normalized[i], normalized[j]);
        var s = score is null ? cosine : score(i, j, cosine);
        if (s >= threshold)
        {
            _ = uf.Union(i, j);
        }
    }

    private static void ClusterWithLsh(float[][] normalized, UnionFind uf, double threshold, Func<int, int, double, double>? score)
    {
        // Sign-random-projection LSH: two vectors at angle θ agree on one bit with probability 1 - θ/π. With 8-bit keys and 48 tables,
        // a pair at cosine 0.7 is proposed with probability above 0.99 (0.9995 at 0.8); each proposal is confirmed by exact cosine.
        // Proposals are not remembered (that would cost memory quadratic in the worst case); a repeated proposal costs one dot product.
        const int Bits = 8;
        const int Tables = 48;
        var n = normalized.Length;
        var dim = normalized[0].Length;
        var random = new Random(20260);
        var planes = new float[Tables * Bits][];
        for (var p = 0; p < planes.Length; p++)
        {
            var plane = new float[dim];
            for (var d = 0; d < dim; d++)
            {
                // Box-Muller gives Gaussian directions, so that the hyperplanes are isotropic.
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                plane[d] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }

            planes[p] = plane;
        }

        var buckets = new Dictionary<int, List<int>>();
        for (var t = 0; t < Tables; t++)
        {
            buckets.Clear();
            for (var i = 0; i < n; i++)
            {
                var key = 0;
                for (var b = 0; b < Bits; b++)
                {
                    if (TensorPrimitives.Dot(planes[(t * Bits) + b], normalized[i]) >= 0)
                    {
                        key |= 1 << b;
                    }
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
                        if (uf.Find(i) == uf.Find(j))
                        {
                            continue;
                        }

                        TryJoin(normalized, uf, i, j, threshold, score);
                    }
                }
            }
        }
    }
}
