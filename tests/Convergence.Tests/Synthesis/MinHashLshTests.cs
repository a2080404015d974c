namespace Convergence.Tests.Synthesis;

public class MinHashLshTests
{
    private static readonly string[] Vocabulary = BuildVocabulary();

    [Fact]
    public void Cluster_On5000GeneratedFindings_RecallsAtLeast99PercentOfExactPairs()
    {
        const double Threshold = 0.5;
        var texts = Generate(5000, seed: 42);
        var sets = texts.Select(t => ShingleSet.Create(LexicalNormalizer.Normalize(t), 3, 1)).ToArray();

        var found = new HashSet<(int, int)>();
        _ = MinHashLsh.Cluster(sets, Threshold, onConfirmedPair: (i, j, _) => found.Add((i, j)));

        var exact = ExactPairs(sets, Threshold);

        exact.Count.Should().BeGreaterThan(1000, "the generated set must contain many near-duplicate pairs to measure recall");
        var recall = exact.Count(found.Contains) / (double)exact.Count;
        recall.Should().BeGreaterThanOrEqualTo(0.99);
        found.Should().OnlyContain(p => ShingleSet.Jaccard(sets[p.Item1], sets[p.Item2]) >= Threshold, "LSH proposals are confirmed by exact Jaccard");
    }

    [Fact]
    public void Cluster_WithoutCallback_On5000GeneratedFindings_KeepsNearlyEveryExactPairInOneCluster_AndJoinsNothingElse()
    {
        // The synthesizer's path: no callback, so pairs already in one cluster are skipped, in parallel above 2048 items.
        const double Threshold = 0.5;
        var texts = Generate(5000, seed: 7);
        var sets = texts.Select(t => ShingleSet.Create(LexicalNormalizer.Normalize(t), 3, 1)).ToArray();
        var exact = ExactPairs(sets, Threshold);
        var exactClusters = new UnionFind(sets.Length);
        foreach (var (i, j) in exact)
        {
            _ = exactClusters.Union(i, j);
        }

        var lsh = MinHashLsh.Cluster(sets, Threshold);

        exact.Count.Should().BeGreaterThan(1000);
        var kept = exact.Count(p => lsh.Find(p.Item1) == lsh.Find(p.Item2)) / (double)exact.Count;
        kept.Should().BeGreaterThanOrEqualTo(0.99);
        lsh.Clusters().Should().OnlyContain(
            cluster => cluster.Select(exactClusters.Find).Distinct().Count() == 1,
            "every join is a confirmed pair, so no LSH cluster spans two exact clusters");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void ChooseBands_ProposesAPairAtTheThresholdWithHighProbability(double threshold)
    {
        var (rows, bands) = MinHashLsh.ChooseBands(128, threshold);

        (1 - Math.Pow(1 - Math.Pow(threshold, rows), bands)).Should().BeGreaterThanOrEqualTo(0.99);
        (rows * bands).Should().BeLessThanOrEqualTo(128);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(40)]
    [InlineData(200)]
    [InlineData(1500)]
    public void Bitmap_NeverRejectsAPairAtOrAboveTheThreshold(int size)
    {
        // Pairs of sets of about `size` random shingles sharing every fraction of them, so the Jaccard similarity sweeps 0 to 1
        // and many pairs sit right at the threshold; 1500 shingles overfill the 512-bit bitmap.
        const double Threshold = 0.475;
        var random = new Random(size);
        var atOrAbove = 0;
        for (var trial = 0; trial < 2000; trial++)
        {
            var (a, b) = OverlappingSets(random, size, shared: random.Next(size + 1));
            var jaccard = ShingleSet.Jaccard(a, b);
            if (jaccard < Threshold)
            {
                continue;
            }

            atOrAbove++;
            var (bitmapA, bitmapB) = (new ulong[8], new ulong[8]);
            var allowance = MinHashLsh.Bitmap(a, bitmapA, Threshold) + MinHashLsh.Bitmap(b, bitmapB, Threshold);
            SignSketch.Hamming(bitmapA, bitmapB).Should().BeLessThanOrEqualTo((int)Math.Floor(allowance), $"Jaccard {jaccard:0.000} is at or above the threshold");
        }

        atOrAbove.Should().BeGreaterThan(200);
    }

    [Fact]
    public void Bitmap_RejectsMostShortPairsFarBelowTheThreshold()
    {
        const double Threshold = 0.475;
        var random = new Random(7);
        int far = 0, rejected = 0;
        for (var trial = 0; trial < 2000; trial++)
        {
            var size = random.Next(5, 30);
            var (a, b) = OverlappingSets(random, size, shared: random.Next(size / 3));
            if (ShingleSet.Jaccard(a, b) > Threshold / 2)
            {
                continue;
            }

            far++;
            var (bitmapA, bitmapB) = (new ulong[8], new ulong[8]);
            var allowance = MinHashLsh.Bitmap(a, bitmapA, Threshold) + MinHashLsh.Bitmap(b, bitmapB, Threshold);
            rejected += SignSketch.Hamming(bitmapA, bitmapB) > allowance ? 1 : 0;
        }

        far.Should().BeGreaterThan(1000);
        ((double)rejected / far).Should().BeGreaterThan(0.95, "the screen is what spares unrelated pairs the exact Jaccard");
    }

    [Fact]
    public void ScreenPairs_PassesExactlyThePairsWithinTheirAllowances_InOrder()
    {
        var random = new Random(3);
        var sketches = new ulong[40 * SignSketch.Words];
        for (var k = 0; k < sketches.Length; k++)
        {
            sketches[k] = (ulong)random.NextInt64() & (ulong)random.NextInt64();
        }

        var allowance = Enumerable.Range(0, 40).Select(_ => (float)random.Next(80, 112)).ToArray();
        var sink = new CollectingSink([]);

        SignSketch.ScreenPairs(sketches, allowance, ref sink);

        var expected = new List<(int, int)>();
        for (var a = 0; a < 40; a++)
        {
            for (var b = a + 1; b < 40; b++)
            {
                var hamming = SignSketch.Hamming(sketches.AsSpan(a * SignSketch.Words, SignSketch.Words), sketches.AsSpan(b * SignSketch.Words, SignSketch.Words));
                if (hamming <= allowance[a] + allowance[b])
                {
                    expected.Add((a, b));
                }
            }
        }

        expected.Should().NotBeEmpty().And.HaveCountLessThan(40 * 39 / 2, "the allowances must split the pairs for the test to mean anything");
        sink.Pairs.Should().Equal(expected);
    }

    [Fact]
    public void Signature_IsDeterministic()
    {
        var set = ShingleSet.Create("the same text", 3, 1);

        MinHashLsh.Signature(set, MinHashLsh.Seeds(64)).Should().Equal(MinHashLsh.Signature(set, MinHashLsh.Seeds(64)));
    }

    /// <summary>
    /// Every pair with Jaccard at or above <paramref name="threshold"/>, exactly: prefix filtering (a pair that similar must
    /// share an element among each set's rarest |s| - ceil(t|s|) + 1 elements), then the exact Jaccard of each candidate.
    /// Same answer as all-pairs, without comparing 12.5 million pairs.
    /// </summary>
    private static List<(int, int)> ExactPairs(uint[][] sets, double threshold)
    {
        var frequency = new Dictionary<uint, int>();
        foreach (var set in sets)
        {
            foreach (var element in set)
            {
                frequency[element] = frequency.GetValueOrDefault(element) + 1;
            }
        }

        var index = new Dictionary<uint, List<int>>();
        var candidates = new HashSet<(int, int)>();
        for (var i = 0; i < sets.Length; i++)
        {
            var prefix = sets[i].OrderBy(e => frequency[e]).ThenBy(static e => e).Take(sets[i].Length - (int)Math.Ceiling(threshold * sets[i].Length) + 1);
            foreach (var element in prefix)
            {
                if (!index.TryGetValue(element, out var holders))
                {
                    index[element] = holders = [];
                }

                foreach (var j in holders)
                {
                    candidates.Add((j, i));
                }

                holders.Add(i);
            }
        }

        return [.. candidates.Where(p => ShingleSet.Jaccard(sets[p.Item1], sets[p.Item2]) >= threshold).Order()];
    }

    private static string[] Generate(int count, int seed)
    {
        // Base findings of 8-14 words, each with variants that swap, drop or add a word or two (near-duplicates at many similarities).
        var random = new Random(seed);
        var texts = new List<string>(count);
        while (texts.Count < count)
        {
            var words = Enumerable.Range(0, random.Next(8, 15)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]).ToList();
            texts.Add(string.Join(' ', words));
            var variants = random.Next(0, 5);
            for (var v = 0; v < variants && texts.Count < count; v++)
            {
                var copy = new List<string>(words);
                var edits = random.Next(1, 4);
                for (var e = 0; e < edits; e++)
                {
                    switch (random.Next(3))
                    {
                        case 0: copy[random.Next(copy.Count)] = Vocabulary[random.Next(Vocabulary.Length)]; break;
                        case 1: if (copy.Count > 3) { copy.RemoveAt(random.Next(copy.Count)); } break;
                        default: copy.Insert(random.Next(copy.Count), Vocabulary[random.Next(Vocabulary.Length)]); break;
                    }
                }

                texts.Add(string.Join(' ', copy));
            }
        }

        return [.. texts];
    }

    private static string[] BuildVocabulary()
    {
        var random = new Random(7);
        const string Letters = "abcdefghijklmnopqrstuvwxyz";
        return Enumerable.Range(0, 3000).Select(_ => new string(Enumerable.Range(0, random.Next(3, 10)).Select(_ => Letters[random.Next(Letters.Length)]).ToArray())).ToArray();
    }

    private static (uint[] A, uint[] B) OverlappingSets(Random random, int size, int shared)
    {
        var pool = new HashSet<uint>();
        while (pool.Count < (2 * size) - shared)
        {
            _ = pool.Add((uint)random.NextInt64(uint.MaxValue));
        }

        var values = pool.ToArray();
        var a = values.AsSpan(0, size).ToArray();
        var b = values.AsSpan(size - shared, size).ToArray();
        Array.Sort(a);
        Array.Sort(b);
        return (a, b);
    }

    private readonly struct CollectingSink(List<(int, int)> pairs) : ISketchPairSink
    {
        public List<(int, int)> Pairs { get; } = pairs;

        public void Accept(int a, int b) => Pairs.Add((a, b));
    }
}
