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
    public static ulong[] Signature(ReadOnlySpan<ulong> shingles, ReadOnlySpan<ulong> seeds)
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
    /// Only the band keys are kept (one 32-bit key per band and item), not the signatures. Each band's buckets are found by
    /// sorting (key, item) pairs. A pair that collides in several bands is checked only in the first of them (the earlier band
    /// keys are compared), so no set of checked pairs is needed and bands can be processed in parallel. Before the exact Jaccard,
    /// pairs whose sizes alone rule out the threshold (min/max &lt; threshold) are skipped, and so are pairs whose 8-bit
    /// sketches agree far less than a pair at the threshold would (more than four standard deviations).
    /// </remarks>
    public static UnionFind Cluster(IReadOnlyList<ulong[]> sets, double threshold, int numHashes = 256, Action<int, int, double>? onConfirmedPair = null)
    {
        var n = sets.Count;
        var uf = new UnionFind(n);
        if (n < 2)
        {
            return uf;
        }

        var (rows, bands) = ChooseBands(numHashes, threshold);
        var family = HashFamily.Create(Seeds(rows * bands));
        var keys = new uint[(long)n * bands];
        var sketchLength = Math.Max(32, Math.Min(family.Length, 256) / 32 * 32);
        var sketches = new byte[(long)n * sketchLength];

        // A pair is screened out when its estimated Jaccard (from the agreement of the 8-bit sketches) is more than four
        // standard deviations below the threshold: a pair at the threshold is lost with probability about 3e-5.
        var margin = 4 * Math.Sqrt(threshold * (1 - threshold) / sketchLength);
        var minAgreement = (int)Math.Floor(sketchLength * (((threshold - margin) * (1 - (1.0 / 256))) + (1.0 / 256)));
        Parallel.For(
            0,
            Math.Min(Environment.ProcessorCount, (n + 255) / 256),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new uint[family.Length],
            (part, _, signature) =>
            {
                var parts = Math.Min(Environment.ProcessorCount, (n + 255) / 256);
                var from = (int)((long)n * part / parts);
                var to = (int)((long)n * (part + 1) / parts);
                for (var i = from; i < to; i++)
                {
                    if (sets[i].Length == 0)
                    {
                        continue;
                    }

                    family.Signature(sets[i], signature);
                    var sketch = sketches.AsSpan((int)((long)i * sketchLength), sketchLength);
                    for (var k = 0; k < sketchLength; k++)
                    {
                        sketch[k] = (byte)signature[k];
                    }

                    for (var band = 0; band < bands; band++)
                    {
                        var key = ((ulong)band + 1) * 0x9E3779B97F4A7C15UL;
                        for (var r = 0; r < rows; r++)
                        {
                            key = (key ^ signature[(band * rows) + r]) * 0xFF51AFD7ED558CCDUL;
                        }

                        keys[((long)i * bands) + band] = (uint)(ShingleSet.Mix(key) >> 32);
                    }
                }

                return signature;
            },
            static _ => { });

        // Bands are independent (a pair is checked only in the first band where it collides), so they run in parallel; each
        // band's confirmed pairs are applied afterwards in band order, so the result and the callback order are deterministic.
        var sizes = new int[n];
        for (var i = 0; i < n; i++)
        {
            sizes[i] = sets[i].Length;
        }

        var confirmed = new List<(int I, int J, double Jaccard)>?[bands];
        _ = Parallel.For(
            0,
            bands,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new ulong[n],
            (band, _, order) =>
            {
                var count = 0;
                for (var i = 0; i < n; i++)
                {
                    if (sizes[i] != 0)
                    {
                        order[count++] = ((ulong)keys[((long)i * bands) + band] << 32) | (uint)i;
                    }
                }

                var span = order.AsSpan(0, count);
                span.Sort();
                var start = 0;
                while (start < count)
                {
                    var key = span[start] >> 32;
                    var end = start + 1;
                    while (end < count && span[end] >> 32 == key)
                    {
                        end++;
                    }

                    for (var a = start; a < end; a++)
                    {
                        var i = (int)(uint)span[a];
                        var sizeI = sizes[i];
                        for (var b = a + 1; b < end; b++)
                        {
                            var j = (int)(uint)span[b];
                            var sizeJ = sizes[j];
                            if (Math.Min(sizeI, sizeJ) < threshold * Math.Max(sizeI, sizeJ)
                                || Agreement(sketches, sketchLength, i, j) < minAgreement
                                || CollidedEarlier(keys, bands, band, i, j))
                            {
                                continue;
                            }

                            var jaccard = ShingleSet.Jaccard(sets[i], sets[j]);
                            if (jaccard >= threshold)
                            {
                                (confirmed[band] ??= []).Add((Math.Min(i, j), Math.Max(i, j), jaccard));
                            }
                        }
                    }

                    start = end;
                }

                return order;
            },
            static _ => { });

        foreach (var pairs in confirmed)
        {
            foreach (var (i, j, jaccard) in pairs ?? [])
            {
                _ = uf.Union(i, j);
                onConfirmedPair?.Invoke(i, j, jaccard);
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

    private static int Agreement(byte[] sketches, int length, int i, int j)
    {
        var a = sketches.AsSpan((int)((long)i * length), length);
        var b = sketches.AsSpan((int)((long)j * length), length);
        var agree = 0;
        for (var k = 0; k < length; k += 32)
        {
            var equal = Vector256.Equals(Vector256.Create<byte>(a.Slice(k, 32)), Vector256.Create<byte>(b.Slice(k, 32)));
            agree += System.Numerics.BitOperations.PopCount(equal.ExtractMostSignificantBits());
        }

        return agree;
    }

    private static bool CollidedEarlier(uint[] keys, int bands, int band, int i, int j)
    {
        var ki = keys.AsSpan((int)((long)i * bands), band);
        var kj = keys.AsSpan((int)((long)j * bands), band);
        for (var b = 0; b < ki.Length; b++)
        {
            if (ki[b] == kj[b])
            {
                return true;
            }
        }

        return false;
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
        public void Signature(ReadOnlySpan<ulong> shingles, Span<uint> signature)
        {
            var length = _xor.Length;
            var values = signature[..length];
            values.Fill(uint.MaxValue);
            var mix = Vector256.Create(0x85EBCA6Bu);
            foreach (var s in shingles)
            {
                var x = Vector256.Create((uint)(s ^ (s >> 32)));
                for (var k = 0; k < length; k += 8)
                {
                    var v = (x ^ Vector256.Create<uint>(_xor.AsSpan(k, 8))) * Vector256.Create<uint>(_mul.AsSpan(k, 8));
                    v ^= Vector256.ShiftRightLogical(v, 15);
                    v *= mix;
                    v ^= Vector256.ShiftRightLogical(v, 13);
                    var current = Vector256.Create<uint>(values.Slice(k, 8));
                    Vector256.Min(current, v).CopyTo(values.Slice(k, 8));
                }
            }
        }
    }
}
