using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Convergence;

/// <summary>
/// Threshold clustering of embedding vectors by cosine similarity (single linkage through union-find). Up to
/// <see cref="ExactLimit"/> items every pair is compared (O(N²) time, O(N) memory); above it, random-hyperplane LSH with fixed
/// seeds proposes pairs, and each proposal is confirmed by exact cosine, so memory stays linear and time near-linear.
/// </summary>
/// <remarks>
/// The LSH path proposes a pair exactly at the threshold with probability at least 0.95 (pairs above it with more), so it can
/// miss a pair, never add one: its clusters are the exact clusters or finer. Time grows as N^(1+ρ) for LSH's exponent ρ
/// (about 0.46 for unrelated texts at cosine 0.29 and a threshold of 0.78), with a linear part (sketching) in front; see
/// docs/performance.md. A custom score is called from one thread at a time.
/// </remarks>
internal static class SemanticClusterer
{
    /// <summary>Up to this many items, every pair is compared exactly.</summary>
    public const int ExactLimit = 2048;

    private const int SketchSeed = 20260;

    /// <summary>The cost of a proposal with a custom score, relative to one Hamming screen: every proposal reaches the score then.</summary>
    private const double UnscreenedProposalCost = 10;

    /// <summary>L2-normalises the vectors: copies, except that a vector already of unit length is used in place (it is only read).</summary>
    /// <param name="vectors">The vectors.</param>
    /// <returns>The normalised vectors.</returns>
    /// <remarks>Embedding models usually return unit vectors, so the common case copies nothing: at 100k vectors of 384 dimensions
    /// that is 150 MB less at peak.</remarks>
    public static float[][] Normalize(IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        var result = new float[vectors.Count][];
        for (var i = 0; i < vectors.Count; i++)
        {
            var norm = TensorPrimitives.Norm(vectors[i].Span);
            if (Math.Abs(norm - 1f) <= 1e-5f &&
                MemoryMarshal.TryGetArray(vectors[i], out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length)
            {
                result[i] = segment.Array;
                continue;
            }

            var v = vectors[i].Span.ToArray();
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

        // One centroid buffer per call from the pool: with 100k findings in 30k clusters, a new array each would be 45 MB of garbage.
        var dimensions = normalized[members[0]].Length;
        var rented = ArrayPool<float>.Shared.Rent(dimensions);
        var centroid = rented.AsSpan(0, dimensions);
        centroid.Clear();
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

        ArrayPool<float>.Shared.Return(rented);
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
        // Sign-random-projection LSH over 512-bit sketches (SignSketch). Each table keys every item on k bits sampled from its
        // sketch; items with equal keys (a bucket, found by radix sort) are compared pairwise. A pair at angle θ shares one
        // table's key with probability about (1 - θ/π)^k, so L tables propose it with probability 1 - (1 - (1 - θ/π)^k)^L.
        // L is chosen so that a pair exactly at the threshold is proposed with probability at least RecallAtThreshold (pairs
        // above it more often); k is chosen to minimise the estimated work, from the Hamming distances of sampled pairs (which
        // tell how often unrelated items share a key). Each proposal is then screened by the Hamming distance of the two full
        // sketches (4 standard deviations of slack at the threshold: a pair at the threshold is screened out with probability
        // about 3e-5), skipped if its two items are already in one cluster, and confirmed by the exact cosine.
        var n = normalized.Length;
        var sketches = SignSketch.Compute(normalized, SketchSeed);
        var designCosine = Math.Clamp(threshold, -0.999, 0.999);
        var differ = Math.Acos(designCosine) / Math.PI;
        var plan = Plan.Choose(sketches, n, differ, proposalCost: score is null ? 1 : UnscreenedProposalCost);

        // A hybrid score is not a cosine, so the angle screen only applies to plain cosine clustering.
        var maxHamming = score is null ? MaxHamming(SignSketch.Bits, differ) : SignSketch.Bits;

        // Tables are independent, and clusters (connected components) do not depend on the order in which pairs join them,
        // so tables run in parallel. Unions are serialised by a lock; the already-in-one-cluster test reads the union-find
        // without it, which is safe because every write there replaces a parent by an ancestor in the same cluster, so equal
        // roots always mean one cluster (a stale read only costs a cosine). A custom score is not known to be thread-safe, so
        // with one the tables run one after another.
        var workers = score is null ? Math.Min(Environment.ProcessorCount, plan.Tables) : 1;
        var join = new TableJoin(normalized, sketches, uf, maxHamming, threshold, score);
        var next = -1;
        _ = Parallel.For(
            0,
            workers,
            new ParallelOptions { MaxDegreeOfParallelism = workers },
            _ =>
            {
                var scratch = new TableScratch(n);
                int t;
                while ((t = Interlocked.Increment(ref next)) < plan.Tables)
                {
                    join.Run(t, plan.KeyBits, scratch);
                }
            });
    }

    /// <summary>The largest Hamming distance over <paramref name="bits"/> sketch bits that a pair exactly at the threshold
    /// (differing on each bit with probability <paramref name="differ"/>) exceeds with probability about 3e-5 (4 standard deviations).</summary>
    private static int MaxHamming(int bits, double differ) =>
        (int)Math.Ceiling((bits * differ) + (4 * Math.Sqrt(bits * differ * (1 - differ))));

    /// <summary>Stable LSD radix sort of <paramref name="items"/> by bits 32 to 32 + <paramref name="keyBits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RadixSortByKey(ulong[] items, ulong[] spare, int keyBits)
    {
        const int DigitBits = 11;
        var counts = new int[1 << DigitBits];
        var from = items;
        var to = spare;
        for (var shift = 0; shift < keyBits; shift += DigitBits)
        {
            Array.Clear(counts);
            var s = 32 + shift;
            const ulong Mask = (1UL << DigitBits) - 1;
            foreach (var x in from)
            {
                counts[(int)((x >> s) & Mask)]++;
            }

            var sum = 0;
            for (var d = 0; d < counts.Length; d++)
            {
                (counts[d], sum) = (sum, sum + counts[d]);
            }

            foreach (var x in from)
            {
                to[counts[(int)((x >> s) & Mask)]++] = x;
            }

            (from, to) = (to, from);
        }

        if (!ReferenceEquals(from, items))
        {
            from.AsSpan().CopyTo(items);
        }
    }

    /// <summary>The number of tables and the key width: the cheapest layout that keeps the recall at the threshold.</summary>
    private readonly record struct Plan(int Tables, int KeyBits)
    {
        /// <summary>Probability that a pair exactly at the threshold is proposed by at least one table.</summary>
        private const double RecallAtThreshold = 0.95;

        /// <summary>Estimated cost of keying, sorting and walking one item in one table, in units of one pair screen.</summary>
        private const double ItemCost = 24;

        private const int MaxKeyBits = 31;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Plan Choose(ulong[] sketches, int n, double differAtThreshold, double proposalCost)
        {
            // Hamming distances of random pairs: nearly all unrelated, they tell how many pairs each key width leaves per table.
            const int Samples = 2048;
            var random = new Random(SketchSeed - 1);
            var distances = new int[Samples];
            for (var s = 0; s < Samples; s++)
            {
                var i = random.Next(n);
                var j = random.Next(n - 1);
                j += j >= i ? 1 : 0;
                distances[s] = SignSketch.Hamming(sketches.AsSpan(i * SignSketch.Words, SignSketch.Words), sketches.AsSpan(j * SignSketch.Words, SignSketch.Words));
            }

            var shared = new double[Samples];
            Array.Fill(shared, 1.0);
            var atThreshold = 1.0;
            var pairs = (double)n * (n - 1) / 2;
            var best = new Plan(1, 1);
            var bestCost = double.PositiveInfinity;
            for (var k = 1; k <= MaxKeyBits; k++)
            {
                // Bits are sampled without replacement, so a pair at Hamming distance h shares k of them with probability
                // C(512 - h, k) / C(512, k).
                const double B = SignSketch.Bits;
                atThreshold *= Math.Max(0, (B - (B * differAtThreshold) - (k - 1)) / (B - (k - 1)));
                var collide = 0.0;
                for (var s = 0; s < Samples; s++)
                {
                    shared[s] *= Math.Max(0, (B - distances[s] - (k - 1)) / (B - (k - 1)));
                    collide += shared[s];
                }

                collide /= Samples;
                if (atThreshold <= 0)
                {
                    break;
                }

                var tables = Math.Ceiling(Math.Log(1 - RecallAtThreshold) / Math.Log(1 - atThreshold));
                var cost = tables * ((n * ItemCost) + (pairs * collide * proposalCost));
                if (cost < bestCost && tables <= int.MaxValue / 2)
                {
                    best = new Plan((int)tables, k);
                    bestCost = cost;
                }
            }

            return best;
        }
    }

    /// <summary>One LSH table at a time: key, sort, and compare within buckets. Safe to run tables concurrently when the score is.</summary>
    private sealed class TableJoin(float[][] normalized, ulong[] sketches, UnionFind uf, int maxHamming, double threshold, Func<int, int, double, double>? score)
    {
        private readonly float[][] _normalized = normalized;
        private readonly ulong[] _sketches = sketches;
        private readonly UnionFind _uf = uf;
        private readonly int _maxHamming = maxHamming;
        private readonly double _threshold = threshold;
        private readonly Func<int, int, double, double>? _score = score;
        private readonly Lock _gate = new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int table, int keyBits, TableScratch scratch)
        {
            const int Words = SignSketch.Words;
            var n = _normalized.Length;

            // This table's bits: whole 4-bit nibbles of the sketch, a partial Fisher-Yates shuffle of the 128 nibbles seeded by
            // the table's index (the last nibble masked when the width is not a multiple of 4). Any k distinct positions are
            // equally likely to separate a pair, so nibbles give the same per-table collision probability as single bits, at a
            // quarter of the extraction work.
            var random = new Random(SemanticClusterer.SketchSeed + 1 + table);
            var nibbles = scratch.Nibbles;
            for (var q = 0; q < nibbles.Length; q++)
            {
                nibbles[q] = q;
            }

            var used = (keyBits + 3) / 4;
            for (var u = 0; u < used; u++)
            {
                var k = u + random.Next(nibbles.Length - u);
                (nibbles[u], nibbles[k]) = (nibbles[k], nibbles[u]);
            }

            var keyMask = (1UL << keyBits) - 1;

            // (key << 32) | item, sorted by key: equal keys are a bucket.
            var packed = scratch.Packed;
            for (var i = 0; i < n; i++)
            {
                var key = 0UL;
                var row = i * Words;
                for (var u = 0; u < used; u++)
                {
                    var q = nibbles[u];
                    key |= ((_sketches[row + (q >> 4)] >> ((q & 15) * 4)) & 0xFUL) << (4 * u);
                }

                packed[i] = ((key & keyMask) << 32) | (uint)i;
            }

            SemanticClusterer.RadixSortByKey(packed, scratch.Spare, keyBits);
            for (var start = 0; start < n;)
            {
                var key = packed[start] >> 32;
                var end = start + 1;
                while (end < n && packed[end] >> 32 == key)
                {
                    end++;
                }

                if (end - start > 1)
                {
                    JoinBucket(packed.AsSpan(start, end - start), scratch);
                }

                start = end;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void JoinBucket(ReadOnlySpan<ulong> bucket, TableScratch scratch)
        {
            // The members' sketches are copied next to each other first, so the pairwise screen reads memory in order.
            const int Words = SignSketch.Words;
            var gathered = scratch.Gathered(bucket.Length);
            for (var a = 0; a < bucket.Length; a++)
            {
                _sketches.AsSpan((int)(uint)bucket[a] * Words, Words).CopyTo(gathered.AsSpan(a * Words, Words));
            }

            var sink = new BucketPairs(bucket, this);
            SignSketch.ScreenPairs(gathered, bucket.Length, _maxHamming, ref sink);
        }

        public void TryJoin(int i, int j)
        {
            if (_uf.Find(i) == _uf.Find(j))
            {
                return;
            }

            var cosine = (double)TensorPrimitives.Dot(_normalized[i], _normalized[j]);
            if ((_score is null ? cosine : _score(i, j, cosine)) >= _threshold)
            {
                lock (_gate)
                {
                    _ = _uf.Union(i, j);
                }
            }
        }
    }

    /// <summary>Joins the items of a bucket's pairs that pass the sketch screen.</summary>
    private readonly ref struct BucketPairs(ReadOnlySpan<ulong> bucket, TableJoin join) : ISketchPairSink
    {
        private readonly ReadOnlySpan<ulong> _bucket = bucket;
        private readonly TableJoin _join = join;

        public void Accept(int a, int b) => _join.TryJoin((int)(uint)_bucket[a], (int)(uint)_bucket[b]);
    }

    private sealed class TableScratch(int n)
    {
        private ulong[] _gathered = new ulong[64 * SignSketch.Words];

        public int[] Nibbles { get; } = new int[SignSketch.Bits / 4];

        public ulong[] Packed { get; } = new ulong[n];

        public ulong[] Spare { get; } = new ulong[n];

        public ulong[] Gathered(int members)
        {
            if (_gathered.Length < members * SignSketch.Words)
            {
                _gathered = new ulong[Math.Max(members, _gathered.Length / SignSketch.Words * 2) * SignSketch.Words];
            }

            return _gathered;
        }
    }
}
