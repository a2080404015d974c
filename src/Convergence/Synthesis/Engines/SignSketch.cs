using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Convergence;

/// <summary>
/// 512-bit sign sketches of vectors under pseudo-random rotations (random-hyperplane LSH): two vectors at angle θ agree on each
/// bit with probability 1 - θ/π, so the Hamming distance of two sketches estimates the angle between the vectors.
/// </summary>
/// <remarks>
/// A dense random projection to 512 directions costs 512 × d multiply-adds per vector (20 GFLOP for 100k vectors of 384
/// dimensions). Instead, each vector is zero-padded to a power of two P and rotated by H·D₃·H·D₂·H·D₁, where H is the
/// Walsh-Hadamard transform and each Dᵢ a random diagonal of ±1 (the structured rotation of cross-polytope LSH, Andoni et al.
/// 2015): 3·P·log₂P additions give P output directions that are orthogonal and, for the sign test, behave like random ones.
/// Vectors shorter than 512 dimensions get several independent rotations; longer ones keep the first 512 outputs.
/// </remarks>
internal static class SignSketch
{
    /// <summary>Bits per sketch.</summary>
    public const int Bits = 512;

    /// <summary>64-bit words per sketch.</summary>
    public const int Words = Bits / 64;

    private const int Rounds = 3;

    /// <summary>Computes the sketches of all vectors, in parallel over the machine's cores.</summary>
    /// <param name="vectors">Vectors of equal length (need not be normalised: only signs are kept).</param>
    /// <param name="seed">The seed of the random signs (fixed, so results are reproducible).</param>
    /// <returns><see cref="Words"/> words per vector, vector after vector.</returns>
    public static ulong[] Compute(float[][] vectors, int seed)
    {
        var n = vectors.Length;
        var dim = vectors[0].Length;
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(dim, 8));
        var rotations = Bits / Math.Min(size, Bits);
        var random = new Random(seed);
        var signs = new float[rotations * Rounds * size];
        for (var s = 0; s < signs.Length; s++)
        {
            signs[s] = random.Next(2) == 0 ? -1f : 1f;
        }

        var sketches = new ulong[n * Words];
        PartitionedLoop.For(
            n,
            Math.Min(Environment.ProcessorCount, (n + 1023) / 1024),
            (_, from, to) =>
            {
                var buffer = new float[size];
                for (var i = from; i < to; i++)
                {
                    SketchOne(vectors[i], signs, buffer, sketches.AsSpan(i * Words, Words));
                }
            });
        return sketches;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SketchOne(float[] vector, float[] signs, float[] buffer, Span<ulong> sketch)
    {
        var size = buffer.Length;
        var perRotation = Math.Min(size, Bits);
        for (var r = 0; r < Bits / perRotation; r++)
        {
            vector.AsSpan().CopyTo(buffer);
            buffer.AsSpan(vector.Length).Clear();
            for (var round = 0; round < Rounds; round++)
            {
                TensorPrimitives.Multiply(buffer, signs.AsSpan(((r * Rounds) + round) * size, size), buffer);
                Hadamard(buffer);
            }

            // Eight sign bits at a time (a set bit means a non-negative projection).
            for (var j = 0; j < perRotation; j += 8)
            {
                var negative = Vector256.ExtractMostSignificantBits(Vector256.Create(buffer.AsSpan(j, 8)));
                var bit = (r * perRotation) + j;
                sketch[bit >> 6] |= (ulong)(~negative & 0xFF) << (bit & 63);
            }
        }
    }

    /// <summary>Screens every pair of a bucket's 512-bit sketches, laid out side by side: calls <paramref name="sink"/> for each pair
    /// (a &lt; b, in order of a, then b) whose Hamming distance is at most <paramref name="maxHamming"/>.</summary>
    /// <typeparam name="TSink">The pair handler; a struct, so the call is direct.</typeparam>
    /// <param name="gathered">The sketches, <see cref="Words"/> words each, member after member.</param>
    /// <param name="count">The number of members.</param>
    /// <param name="maxHamming">The largest Hamming distance that passes.</param>
    /// <param name="sink">Receives the pairs that pass.</param>
    public static void ScreenPairs<TSink>(ReadOnlySpan<ulong> gathered, int count, int maxHamming, ref TSink sink)
        where TSink : ISketchPairSink, allows ref struct =>
        Screen(gathered, count, new UniformBound(maxHamming), ref sink);

    /// <summary>Screens every pair of a bucket's 512-bit sketches, laid out side by side: calls <paramref name="sink"/> for each pair
    /// (a &lt; b, in order of a, then b) whose Hamming distance is at most <c>allowance[a] + allowance[b]</c>.</summary>
    /// <typeparam name="TSink">The pair handler; a struct, so the call is direct.</typeparam>
    /// <param name="gathered">The sketches, <see cref="Words"/> words each, member after member.</param>
    /// <param name="allowance">Each member's share of the largest Hamming distance that passes; its length is the number of
    /// members.</param>
    /// <param name="sink">Receives the pairs that pass.</param>
    public static void ScreenPairs<TSink>(ReadOnlySpan<ulong> gathered, ReadOnlySpan<float> allowance, ref TSink sink)
        where TSink : ISketchPairSink, allows ref struct =>
        Screen(gathered, allowance.Length, new PerMemberBound(allowance), ref sink);

    /// <remarks>Member a's sketch stays in registers while the rest of the bucket streams past it: a few nanoseconds per pair, so
    /// large buckets of unrelated items cost little more than their number of pairs. The bound is a type parameter so that each
    /// kind compiles to its own loop (a constant bound stays in a register). Any 512-bit sets of bits can be screened this way:
    /// lexical dedup screens its shingle bitmaps with per-member allowances.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Screen<TSink, TBound>(ReadOnlySpan<ulong> gathered, int count, TBound bound, ref TSink sink)
        where TSink : ISketchPairSink, allows ref struct
        where TBound : IHammingBound, allows ref struct
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count * Words, gathered.Length);
        ref var first = ref MemoryMarshal.GetReference(gathered);
        for (var a = 0; a < count - 1; a++)
        {
            ref var sa = ref Unsafe.Add(ref first, a * Words);
            ulong a0 = sa, a1 = Unsafe.Add(ref sa, 1), a2 = Unsafe.Add(ref sa, 2), a3 = Unsafe.Add(ref sa, 3);
            ulong a4 = Unsafe.Add(ref sa, 4), a5 = Unsafe.Add(ref sa, 5), a6 = Unsafe.Add(ref sa, 6), a7 = Unsafe.Add(ref sa, 7);
            for (var b = a + 1; b < count; b++)
            {
                ref var sb = ref Unsafe.Add(ref first, b * Words);
                var hamming =
                    BitOperations.PopCount(a0 ^ sb) + BitOperations.PopCount(a1 ^ Unsafe.Add(ref sb, 1)) +
                    BitOperations.PopCount(a2 ^ Unsafe.Add(ref sb, 2)) + BitOperations.PopCount(a3 ^ Unsafe.Add(ref sb, 3)) +
                    BitOperations.PopCount(a4 ^ Unsafe.Add(ref sb, 4)) + BitOperations.PopCount(a5 ^ Unsafe.Add(ref sb, 5)) +
                    BitOperations.PopCount(a6 ^ Unsafe.Add(ref sb, 6)) + BitOperations.PopCount(a7 ^ Unsafe.Add(ref sb, 7));
                if (bound.Passes(hamming, a, b))
                {
                    sink.Accept(a, b);
                }
            }
        }
    }

    /// <summary>The Hamming distance of two sketches.</summary>
    /// <param name="a">The first sketch's words.</param>
    /// <param name="b">The second sketch's words.</param>
    /// <returns>The number of differing bits.</returns>
    public static int Hamming(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var h = 0;
        for (var w = 0; w < Words; w++)
        {
            h += BitOperations.PopCount(a[w] ^ b[w]);
        }

        return h;
    }

    /// <summary>In-place unnormalised fast Walsh-Hadamard transform (length a power of two, at least 8).</summary>
    /// <param name="a">The values.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Hadamard(Span<float> a)
    {
        // The first three levels (strides 1, 2, 4) as one 8-point transform per block of 8: with 256-bit vectors, each level
        // is one shuffle and one multiply-add (the partner's value plus the own value times +1 or -1); otherwise in registers.
        var n = a.Length;
        ref var start = ref MemoryMarshal.GetReference(a);
        if (Vector256.IsHardwareAccelerated)
        {
            var swap1 = Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6);
            var swap2 = Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5);
            var swap4 = Vector256.Create(4, 5, 6, 7, 0, 1, 2, 3);
            var sign1 = Vector256.Create(1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f);
            var sign2 = Vector256.Create(1f, 1f, -1f, -1f, 1f, 1f, -1f, -1f);
            var sign4 = Vector256.Create(1f, 1f, 1f, 1f, -1f, -1f, -1f, -1f);
            for (var i = 0; i < n; i += 8)
            {
                var x = Vector256.LoadUnsafe(ref start, (nuint)i);
                x = Vector256.Shuffle(x, swap1) + (x * sign1);
                x = Vector256.Shuffle(x, swap2) + (x * sign2);
                x = Vector256.Shuffle(x, swap4) + (x * sign4);
                x.StoreUnsafe(ref start, (nuint)i);
            }
        }
        else
        {
            for (var i = 0; i < n; i += 8)
            {
                ref var x = ref Unsafe.Add(ref start, i);
                float x0 = x, x1 = Unsafe.Add(ref x, 1), x2 = Unsafe.Add(ref x, 2), x3 = Unsafe.Add(ref x, 3);
                float x4 = Unsafe.Add(ref x, 4), x5 = Unsafe.Add(ref x, 5), x6 = Unsafe.Add(ref x, 6), x7 = Unsafe.Add(ref x, 7);
                float y0 = x0 + x1, y1 = x0 - x1, y2 = x2 + x3, y3 = x2 - x3, y4 = x4 + x5, y5 = x4 - x5, y6 = x6 + x7, y7 = x6 - x7;
                float z0 = y0 + y2, z1 = y1 + y3, z2 = y0 - y2, z3 = y1 - y3, z4 = y4 + y6, z5 = y5 + y7, z6 = y4 - y6, z7 = y5 - y7;
                x = z0 + z4;
                Unsafe.Add(ref x, 1) = z1 + z5;
                Unsafe.Add(ref x, 2) = z2 + z6;
                Unsafe.Add(ref x, 3) = z3 + z7;
                Unsafe.Add(ref x, 4) = z0 - z4;
                Unsafe.Add(ref x, 5) = z1 - z5;
                Unsafe.Add(ref x, 6) = z2 - z6;
                Unsafe.Add(ref x, 7) = z3 - z7;
            }
        }

        var lanes = Vector<float>.Count;
        for (var h = 8; h < n; h <<= 1)
        {
            if (h % lanes == 0)
            {
                var v = MemoryMarshal.Cast<float, Vector<float>>(a);
                var hv = h / lanes;
                for (var i = 0; i < v.Length; i += 2 * hv)
                {
                    for (var j = i; j < i + hv; j++)
                    {
                        var x = v[j];
                        var y = v[j + hv];
                        v[j] = x + y;
                        v[j + hv] = x - y;
                    }
                }

                continue;
            }

            for (var i = 0; i < n; i += 2 * h)
            {
                for (var j = i; j < i + h; j++)
                {
                    var x = a[j];
                    var y = a[j + h];
                    a[j] = x + y;
                    a[j + h] = x - y;
                }
            }
        }
    }

    /// <summary>Whether a pair at a given Hamming distance passes the screen.</summary>
    private interface IHammingBound
    {
        bool Passes(int hamming, int a, int b);
    }

    private readonly struct UniformBound(int maxHamming) : IHammingBound
    {
        public bool Passes(int hamming, int a, int b) => hamming <= maxHamming;
    }

    private readonly ref struct PerMemberBound(ReadOnlySpan<float> allowance) : IHammingBound
    {
        private readonly ReadOnlySpan<float> _allowance = allowance;

        public bool Passes(int hamming, int a, int b) => hamming <= _allowance[a] + _allowance[b];
    }
}
