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
}
