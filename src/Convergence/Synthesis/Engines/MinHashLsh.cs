using System.Buffers;
using System.Runtime.Intrinsics;

namespace Convergence;

/// <summary>
/// Near-duplicate clustering on shingle sets: MinHash signatures with fixed seeds, LSH banding to propose candidate pairs in
/// near-linear time, exact Jaccard to confirm each proposal, and union-find to form clusters (single linkage).
/// </summary>
internal static class MinHashLsh
{
    /// <summary>The seed of the hash family; fixed so that results are identical across runs and machines.</summary>
    public const ulong DefaultSeed = 0x5EED_C0DE_2026UL;

    /// <summary>About how many hash functions' band keys are computed and held at once.</summary>
    private const int GroupHashes = 32;

    /// <summary>Below this many items, keys are computed and bands checked on the calling thread.</summary>
    private const int ParallelThreshold = 2048;

    /// <summary>64-bit words of the shingle bitmap that screens pairs before the exact Jaccard (each shingle sets one of 512 bits).</summary>
    private const int BitmapWords = SignSketch.Words;

    /// <summary>Chooses the band layout for <paramref name="numHashes"/> hashes so that a pair at exactly
    /// <paramref name="threshold"/> is proposed with probability at least <paramref name="targetRecall"/>, with as few
    /// spurious proposals as that allows (the most rows per band).</summary>
    /// <param name="numHashes">The signature length.</param>
    /// <param name="threshold">The Jaccard threshold.</param>
    /// <param name="targetRecall">The wanted probability of proposing a pair at the threshold.</param>
    /// <returns>The rows per band and the number of bands.</returns>
    public static (int Rows, int Bands) ChooseBands(int numHashes, double threshold, double targetRecall = 0.99)
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
    public static ulong[] Signature(ReadOnlySpan<uint> shingles, ReadOnlySpan<ulong> seeds)
    {
        var family = HashFamily.Create(seeds);
        var values = new uint[family.Length];
        family.Signature(shingles, values);
        var signature = new ulong[seeds.Length];
        for (var i = 0; i < signature.Length; i++)
        {
            signature[i] = values[i];
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
    /// <param name="onConfirmedPair">Optional callback for every confirmed pair (i &lt; j) with its Jaccard similarity, each reported once.</param>
    /// <returns>The union-find structure holding the clusters.</returns>
    /// <remarks>
    /// Bands are processed a group at a time (about <see cref="GroupHashes"/> hash functions), so only one group's band keys are
    /// held, never the signatures. Each band's buckets are found by grouping its (key, item) pairs. Without a callback, a pair is
    /// not checked once its two items are in one cluster (found in an earlier group of bands, or earlier in the same bucket); a
    /// callback must see every confirmed pair, once. Before the exact Jaccard, pairs whose sizes alone rule out the threshold
    /// (min/max &lt; threshold) are skipped, and so are pairs whose 512-bit shingle bitmaps prove that their Jaccard is below the
    /// threshold (see <see cref="Bitmap"/>: an upper bound, so no pair at or above the threshold is lost). Keys are computed and bands checked
    /// in parallel (on the calling thread for small inputs); confirmed pairs are applied in band order, so the result and the
    /// callback order are deterministic.
    /// </remarks>
    public static UnionFind Cluster(IReadOnlyList<uint[]> sets, double threshold, int numHashes = 1024, Action<int, int, double>? onConfirmedPair = null)
    {
        var n = sets.Count;
        var uf = new UnionFind(n);
        var items = new List<int>(n);
        var firstEmpty = -1;
        for (var i = 0; i < n; i++)
        {
            if (sets[i].Length > 0)
            {
                items.Add(i);
            }
            else if (firstEmpty < 0)
            {
                firstEmpty = i;
            }
            else
            {
                // Items with no shingles at all (empty text) are duplicates of each other only.
                _ = uf.Union(firstEmpty, i);
                onConfirmedPair?.Invoke(firstEmpty, i, 1);
            }
        }

        var m = items.Count;
        if (m < 2)
        {
            return uf;
        }

        var (rows, bands) = ChooseBands(numHashes, threshold);
        var seeds = Seeds(rows * bands);
        // Each item's shingles as a 512-bit bitmap (one bit per shingle), and its allowance in the screen (see Bitmap).
        var bitmaps = new ulong[(long)m * BitmapWords];
        var allowances = new float[m];
        var sizes = new int[m];
        for (var p = 0; p < m; p++)
        {
            sizes[p] = sets[items[p]].Length;
        }

        var bandsPerGroup = Math.Clamp(GroupHashes / rows, 1, bands);
        var entries = new ulong[(long)bandsPerGroup * m];
        var confirmed = new List<(int I, int J, double Jaccard)>?[bandsPerGroup];
        var reported = onConfirmedPair is null ? null : new HashSet<(int, int)>();
        var roots = reported is null ? new int[m] : null;

        // One scratch per worker, reused by every group of bands (each holds a copy of the keys, m entries): allocating them per
        // group cost more memory than the inputs.
        var scratches = new System.Collections.Concurrent.ConcurrentBag<BandScratch>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        var parts = m < ParallelThreshold ? 1 : Math.Clamp(m / 512, 1, 4 * Environment.ProcessorCount);
        var signatures = new uint[parts][];
        for (var first = 0; first < bands; first += bandsPerGroup)
        {
            var groupBands = Math.Min(bandsPerGroup, bands - first);
            var family = HashFamily.Create(seeds.AsSpan(first * rows, groupBands * rows));

            // Keys of this group's bands, item by item: entries[band * m + p] = key << 32 | p.
            PartitionedLoop.For(m, parts, (part, from, to) => Keys(part, from, to, first, groupBands, family));

            // The clusters of earlier groups, one root per item, read by every bucket below (the union-find stays unchanged until the
            // group's bands are done): comparing two ints is far cheaper than two Find walks per visited pair.
            if (roots is not null)
            {
                for (var p = 0; p < m; p++)
                {
                    roots[p] = uf.Find(items[p]);
                }
            }

            // Each band's buckets, checked against the clusters of earlier groups (read only until the bands are done); in parallel
            // unless the input is small enough for the thread hand-offs to cost more than the work.
            if (m < ParallelThreshold)
            {
                var scratch = RentScratch();
                for (var band = 0; band < groupBands; band++)
                {
                    CheckBand(band, scratch);
                }

                scratches.Add(scratch);
            }
            else
            {
                _ = Parallel.For(
                    0,
                    groupBands,
                    parallel,
                    RentScratch,
                    (band, _, scratch) =>
                    {
                        CheckBand(band, scratch);
                        return scratch;
                    },
                    scratches.Add);
            }

            for (var band = 0; band < groupBands; band++)
            {
                foreach (var (i, j, jaccard) in confirmed[band] ?? [])
                {
                    _ = uf.Union(i, j);
                    if (reported?.Add((i, j)) == true)
                    {
                        onConfirmedPair!(i, j, jaccard);
                    }
                }
            }
        }

        return uf;

        BandScratch RentScratch() => scratches.TryTake(out var reused) ? reused : new BandScratch(m);

        void Keys(int part, int from, int to, int first, int groupBands, HashFamily family)
        {
            var signature = signatures[part] ??= new uint[((bandsPerGroup * rows) + 7) / 8 * 8];
            for (var p = from; p < to; p++)
            {
                var set = sets[items[p]];
                if (first == 0)
                {
                    allowances[p] = Bitmap(set, bitmaps.AsSpan((int)((long)p * BitmapWords), BitmapWords), threshold);
                }

                family.Signature(set, signature);
                for (var band = 0; band < groupBands; band++)
                {
                    var key = ((ulong)(first + band) + 1) * 0x9E3779B97F4A7C15UL;
                    for (var r = 0; r < rows; r++)
                    {
                        key = (key ^ signature[(band * rows) + r]) * 0xFF51AFD7ED558CCDUL;
                    }

                    entries[((long)band * m) + p] = (ShingleSet.Mix(key) & 0xFFFF_FFFF_0000_0000UL) | (uint)p;
                }
            }
        }

        void CheckBand(int band, BandScratch scratch)
        {
            confirmed[band]?.Clear();
            var sorted = scratch.Sort(entries.AsSpan((int)((long)band * m), m));
            var start = 0;
            while (start < m)
            {
                var key = sorted[start] >> 32;
                var end = start + 1;
                while (end < m && sorted[end] >> 32 == key)
                {
                    end++;
                }

                if (end - start > 1)
                {
                    CheckBucket(sorted[start..end], scratch, band);
                }

                start = end;
            }
        }

        void CheckBucket(ReadOnlySpan<ulong> bucket, BandScratch scratch, int band)
        {
            // Without a callback, pairs already joined by pairs confirmed in this bucket are skipped too (a local union-find), so
            // a bucket of many identical texts costs one Jaccard per member rather than one per pair. The members' roots, sizes,
            // bitmaps and allowances are gathered first: a bucket's pairs then read contiguous memory instead of jumping across
            // the inputs.
            var count = bucket.Length;
            var local = scratch.Local(count);
            scratch.Members(count, out var memberRoots, out var memberSizes, out var memberBitmaps, out var memberAllowances);
            var allOneCluster = true;
            for (var a = 0; a < count; a++)
            {
                memberRoots[a] = roots is null ? a : roots[(int)(uint)bucket[a]];
                allOneCluster &= memberRoots[a] == memberRoots[0];
            }

            // True duplicates collide in many bands; once they are one cluster their buckets cost no further reads at all.
            if (allOneCluster && roots is not null)
            {
                return;
            }

            for (var a = 0; a < count; a++)
            {
                var pa = (int)(uint)bucket[a];
                memberSizes[a] = sizes[pa];
                bitmaps.AsSpan(pa * BitmapWords, BitmapWords).CopyTo(memberBitmaps.Slice(a * BitmapWords, BitmapWords));
                memberAllowances[a] = allowances[pa];
            }

            var sink = new BucketPairs(bucket, memberRoots, memberSizes, local, roots is not null, items, sets, threshold, confirmed, band);
            SignSketch.ScreenPairs(memberBitmaps, memberAllowances, ref sink);
        }
    }

    /// <summary>Writes the 512-bit bitmap of a shingle set (each shingle sets one bit) and returns the set's allowance in the
    /// screen, 2|A| / (1 + t) − popcount(A), so that a pair passes when popcount(A xor B) ≤ allowance(A) + allowance(B).</summary>
    /// <param name="set">The shingle hashes.</param>
    /// <param name="bitmap">Receives the bitmap (cleared first).</param>
    /// <param name="threshold">The Jaccard threshold t.</param>
    /// <returns>The allowance.</returns>
    /// <remarks>
    /// The screen is exact-safe: it never rejects a pair at or above the threshold. Distinct shingles can share a bit, never
    /// the reverse, so popcount(A or B) ≤ |A ∪ B| and J = (|A| + |B|) / |A ∪ B| − 1 ≤ (|A| + |B|) / popcount(A or B) − 1. A pair
    /// can reach t only if popcount(A or B) ≤ (|A| + |B|) / (1 + t), and with popcount(A or B) = (popcount(A) + popcount(B) +
    /// popcount(A xor B)) / 2 that is the per-member sum above. Unrelated short texts sharing a few words are rejected by the
    /// bound almost as sharply as by the exact Jaccard; long texts fill more of the bitmap and pass more often, which costs
    /// time, never a missed pair. A small margin keeps floating-point rounding on the passing side.
    /// </remarks>
    internal static float Bitmap(ReadOnlySpan<uint> set, Span<ulong> bitmap, double threshold)
    {
        bitmap.Clear();
        foreach (var x in set)
        {
            var bit = (x * 0x9E3779B1u) >> 23;
            bitmap[(int)(bit >> 6)] |= 1UL << (int)(bit & 63);
        }

        var ones = 0;
        foreach (var word in bitmap)
        {
            ones += System.Numerics.BitOperations.PopCount(word);
        }

        return (float)((2.0 * set.Length / (1 + threshold)) - ones + 1e-3);
    }

    /// <summary>Confirms the pairs of one bucket that pass the bitmap screen: a pair already in one cluster (joined by an earlier
    /// group of bands, or earlier in this bucket) or whose sizes alone rule out the threshold is skipped; the rest get the exact
    /// Jaccard, and those at or above the threshold are recorded for the band and joined in the bucket's local union-find.</summary>
    private readonly ref struct BucketPairs(
        ReadOnlySpan<ulong> bucket,
        ReadOnlySpan<int> roots,
        ReadOnlySpan<int> sizes,
        Span<int> local,
        bool skipJoined,
        List<int> items,
        IReadOnlyList<uint[]> sets,
        double threshold,
        List<(int I, int J, double Jaccard)>?[] confirmed,
        int band) : ISketchPairSink
    {
        private readonly ReadOnlySpan<ulong> _bucket = bucket;
        private readonly ReadOnlySpan<int> _roots = roots;
        private readonly ReadOnlySpan<int> _sizes = sizes;
        private readonly Span<int> _local = local;

        public void Accept(int a, int b)
        {
            if ((skipJoined && (_roots[a] == _roots[b] || BandScratch.Find(_local, a) == BandScratch.Find(_local, b)))
                || Math.Min(_sizes[a], _sizes[b]) < threshold * Math.Max(_sizes[a], _sizes[b]))
            {
                return;
            }

            var i = items[(int)(uint)_bucket[a]];
            var j = items[(int)(uint)_bucket[b]];
            var jaccard = ShingleSet.Jaccard(sets[i], sets[j]);
            if (jaccard >= threshold)
            {
                (confirmed[band] ??= []).Add((Math.Min(i, j), Math.Max(i, j), jaccard));
                _local[BandScratch.Find(_local, a)] = BandScratch.Find(_local, b);
            }
        }
    }

    /// <summary>Per-thread buffers of the band check: the grouped keys and partition counts, a bucket's members, and a small local
    /// union-find.</summary>
    private sealed class BandScratch(int count)
    {
        private readonly ulong[] _buffer = new ulong[count];
        private readonly int _bits = PartitionBits(count);
        private readonly int[] _counts = new int[1 << PartitionBits(count)];
        private int[] _local = new int[16];

        public static int Find(Span<int> parent, int x)
        {
            while (parent[x] != x)
            {
                x = parent[x] = parent[parent[x]];
            }

            return x;
        }

        /// <summary>Orders <paramref name="source"/> so that equal keys (upper 32 bits) are adjacent, each run in item order (the
        /// lower 32 bits). One counting pass partitions by the key's top bits (about log2 of the count, so partitions hold one or
        /// two entries on average), then each partition is sorted by its full values. Two passes over the data instead of a radix
        /// sort's six, which is what keeps large inputs from falling out of cache. The result is in this scratch's buffer.</summary>
        public ReadOnlySpan<ulong> Sort(ReadOnlySpan<ulong> source)
        {
            var to = _buffer.AsSpan(0, source.Length);
            var shift = 64 - _bits;
            var counts = _counts.AsSpan();
            counts.Clear();
            foreach (var e in source)
            {
                counts[(int)(e >> shift)]++;
            }

            var total = 0;
            for (var d = 0; d < counts.Length; d++)
            {
                (counts[d], total) = (total, total + counts[d]);
            }

            foreach (var e in source)
            {
                to[counts[(int)(e >> shift)]++] = e;
            }

            // counts[d] is now the end of partition d.
            var start = 0;
            foreach (var end in counts)
            {
                if (end - start > 1)
                {
                    SortSmall(to[start..end]);
                }

                start = end;
            }

            return to;
        }

        /// <summary>About log2 of the count, between 8 and 16 bits.</summary>
        private static int PartitionBits(int count) => Math.Clamp(32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(count, 1)), 8, 16);

        private static void SortSmall(Span<ulong> span)
        {
            if (span.Length > 16)
            {
                span.Sort();
                return;
            }

            for (var i = 1; i < span.Length; i++)
            {
                var value = span[i];
                var j = i - 1;
                while (j >= 0 && span[j] > value)
                {
                    span[j + 1] = span[j];
                    j--;
                }

                span[j + 1] = value;
            }
        }

        private int[] _memberRoots = new int[16];
        private int[] _memberSizes = new int[16];
        private ulong[] _memberBitmaps = new ulong[16 * BitmapWords];
        private float[] _memberAllowances = new float[16];

        /// <summary>Buffers for a bucket's members: roots, sizes, bitmaps and allowances, side by side.</summary>
        public void Members(int size, out Span<int> roots, out Span<int> sizes, out Span<ulong> bitmaps, out Span<float> allowances)
        {
            if (_memberRoots.Length < size)
            {
                var length = Math.Max(size, _memberRoots.Length * 2);
                (_memberRoots, _memberSizes) = (new int[length], new int[length]);
                (_memberBitmaps, _memberAllowances) = (new ulong[length * BitmapWords], new float[length]);
            }

            roots = _memberRoots.AsSpan(0, size);
            sizes = _memberSizes.AsSpan(0, size);
            bitmaps = _memberBitmaps.AsSpan(0, size * BitmapWords);
            allowances = _memberAllowances.AsSpan(0, size);
        }

        public Span<int> Local(int size)
        {
            if (_local.Length < size)
            {
                _local = new int[Math.Max(size, _local.Length * 2)];
            }

            var local = _local.AsSpan(0, size);
            for (var k = 0; k < size; k++)
            {
                local[k] = k;
            }

            return local;
        }
    }

    /// <summary>
    /// The hash family: each shingle's 64-bit hash is folded to 32 bits once, then every hash function is a cheap
    /// xor-multiply-xorshift-multiply of that value with its own fixed seed and multiplier, eight at a time in SIMD lanes.
    /// </summary>
    private sealed class HashFamily
    {
        private readonly uint[] _xor;
        private readonly uint[] _mul;

        private HashFamily(uint[] xor, uint[] mul)
        {
            _xor = xor;
            _mul = mul;
        }

        public int Length => _xor.Length;

        public static HashFamily Create(ReadOnlySpan<ulong> seeds)
        {
            var length = (seeds.Length + 7) / 8 * 8;
            var xor = new uint[length];
            var mul = new uint[length];
            for (var i = 0; i < length; i++)
            {
                var seed = i < seeds.Length ? seeds[i] : ShingleSet.Mix((ulong)i);
                xor[i] = (uint)seed;
                mul[i] = (uint)(seed >> 32) | 1u;
            }

            return new HashFamily(xor, mul);
        }

        /// <summary>Writes the signature of <paramref name="shingles"/> to the first <see cref="Length"/> slots of <paramref name="signature"/>.</summary>
        public void Signature(ReadOnlySpan<uint> shingles, Span<uint> signature)
        {
            // Eight hash functions at a time over the 32-bit shingles; the minimum stays in a register.
            var mix = Vector256.Create(0x85EBCA6Bu);
            for (var k = 0; k < _xor.Length; k += 8)
            {
                var xor = Vector256.Create<uint>(_xor.AsSpan(k, 8));
                var mul = Vector256.Create<uint>(_mul.AsSpan(k, 8));
                var min = Vector256.Create(uint.MaxValue);
                foreach (var x in shingles)
                {
                    var v = (Vector256.Create(x) ^ xor) * mul;
                    v ^= Vector256.ShiftRightLogical(v, 15);
                    v *= mix;
                    v ^= Vector256.ShiftRightLogical(v, 13);
                    min = Vector256.Min(min, v);
                }

                min.CopyTo(signature.Slice(k, 8));
            }
        }
    }
}
