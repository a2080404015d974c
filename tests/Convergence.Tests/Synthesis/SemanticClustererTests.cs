namespace Convergence.Tests.Synthesis;

public class SemanticClustererTests
{
    [Fact]
    public void Cluster_LshPathAgreesWithExactPathOnLargeInput()
    {
        var random = new Random(3);
        var centers = Enumerable.Range(0, 600).Select(_ => UniformUnit(random, 64)).ToArray();
        var vectors = new float[3000][];
        for (var i = 0; i < vectors.Length; i++)
        {
            var center = centers[random.Next(centers.Length)];
            vectors[i] = center.Select(x => x + (float)(random.NextDouble() - 0.5) * 0.08f).ToArray();
        }

        var normalized = SemanticClusterer.Normalize(vectors.Select(v => new ReadOnlyMemory<float>(v)).ToArray());
        var exact = Labels(SemanticClusterer.Cluster(normalized, 0.9, exactLimit: int.MaxValue));
        var lsh = Labels(SemanticClusterer.Cluster(normalized, 0.9, exactLimit: 100));

        var (pairs, found, _) = Compare(exact, lsh);
        pairs.Should().BeGreaterThan(3000);
        (found / (double)pairs).Should().BeGreaterThanOrEqualTo(0.99);
    }

    [Fact]
    public void Cluster_LshOnOneDomainVectorsNearTheThreshold_FindsTheExactPairs()
    {
        // Shaped like the benchmark's sentence embeddings (a component all texts share, one per topic, noise per text), but with
        // the noise varied so that many same-topic pairs sit just above or below the threshold, where LSH is weakest.
        var vectors = OneDomainVectors(count: 3000, topics: 900, dimensions: 384, seed: 11);
        var normalized = SemanticClusterer.Normalize(vectors.Select(v => new ReadOnlyMemory<float>(v)).ToArray());

        var exact = Labels(SemanticClusterer.Cluster(normalized, 0.78, exactLimit: int.MaxValue));
        var lsh = Labels(SemanticClusterer.Cluster(normalized, 0.78, exactLimit: 100));

        var (pairs, found, extra) = Compare(exact, lsh);
        pairs.Should().BeGreaterThan(2000);
        (found / (double)pairs).Should().BeGreaterThanOrEqualTo(0.99, "pairs in one exact cluster stay together under LSH");
        extra.Should().Be(0, "every LSH join is confirmed by the exact cosine, so LSH can only miss pairs, never add them");
    }

    [Fact]
    public void Cluster_LshWithCustomScore_AgreesWithExactPath()
    {
        var vectors = OneDomainVectors(count: 2500, topics: 800, dimensions: 96, seed: 5);
        var normalized = SemanticClusterer.Normalize(vectors.Select(v => new ReadOnlyMemory<float>(v)).ToArray());
        static double Score(int i, int j, double cosine) => cosine + (i % 7 == j % 7 ? 0.01 : 0);

        var exact = Labels(SemanticClusterer.Cluster(normalized, 0.8, Score, exactLimit: int.MaxValue));
        var lsh = Labels(SemanticClusterer.Cluster(normalized, 0.8, Score, exactLimit: 100));

        var (pairs, found, extra) = Compare(exact, lsh);
        pairs.Should().BeGreaterThan(1000);
        (found / (double)pairs).Should().BeGreaterThanOrEqualTo(0.99);
        extra.Should().Be(0);
    }

    [Fact]
    public void Cluster_LshGivesTheSameClustersEveryRun()
    {
        var vectors = OneDomainVectors(count: 2500, topics: 700, dimensions: 64, seed: 2);
        var normalized = SemanticClusterer.Normalize(vectors.Select(v => new ReadOnlyMemory<float>(v)).ToArray());

        // Tables run in parallel, so which member ends up as a root varies; the clusters themselves must not.
        var first = SemanticClusterer.Cluster(normalized, 0.8, exactLimit: 100).Clusters();
        var second = SemanticClusterer.Cluster(normalized, 0.8, exactLimit: 100).Clusters();

        first.Count.Should().BeLessThan(2500);
        second.Should().BeEquivalentTo(first, options => options.WithStrictOrdering());
    }

    [Theory]
    [InlineData(384)]
    [InlineData(64)]
    [InlineData(1000)]
    public void SignSketch_BitAgreementMatchesTheAngle(int dimensions)
    {
        // Random-hyperplane LSH rests on this: two vectors at angle θ differ on each sketch bit with probability θ/π.
        var random = new Random(dimensions);
        foreach (var cosine in new[] { 0.3, 0.78, 0.95 })
        {
            var vectors = new List<float[]>();
            for (var p = 0; p < 200; p++)
            {
                var a = RandomUnit(random, dimensions);
                var b = RandomUnit(random, dimensions);
                var along = Dot(a, b);
                var orthogonal = b.Zip(a, (x, y) => x - (float)(along * y)).ToArray();
                var norm = Math.Sqrt(orthogonal.Sum(x => (double)x * x));
                var sine = Math.Sqrt(1 - (cosine * cosine));
                vectors.Add(a);
                vectors.Add(a.Zip(orthogonal, (x, y) => (float)((cosine * x) + (sine * y / norm))).ToArray());
            }

            var sketches = SignSketch.Compute([.. vectors], seed: 1);
            var differing = 0.0;
            for (var p = 0; p < vectors.Count; p += 2)
            {
                differing += SignSketch.Hamming(
                    sketches.AsSpan(p * SignSketch.Words, SignSketch.Words),
                    sketches.AsSpan((p + 1) * SignSketch.Words, SignSketch.Words));
            }

            var expected = Math.Acos(cosine) / Math.PI;
            (differing / (vectors.Count / 2) / SignSketch.Bits).Should().BeApproximately(expected, 0.01, $"cosine {cosine}");
        }
    }

    [Fact]
    public void Hadamard_TransformTwiceScalesByLength()
    {
        var random = new Random(1);
        var values = Enumerable.Range(0, 64).Select(_ => (float)random.NextDouble()).ToArray();
        var copy = values.ToArray();

        SignSketch.Hadamard(copy);
        SignSketch.Hadamard(copy);

        copy.Select(x => x / 64).Should().Equal(values, (x, y) => Math.Abs(x - y) < 1e-4);
    }

    private static (int Pairs, int Found, int Extra) Compare(int[] exact, int[] lsh)
    {
        var pairs = 0;
        var found = 0;
        var extra = 0;
        for (var i = 0; i < exact.Length; i++)
        {
            for (var j = i + 1; j < exact.Length; j++)
            {
                if (exact[i] == exact[j])
                {
                    pairs++;
                    found += lsh[i] == lsh[j] ? 1 : 0;
                }
                else if (lsh[i] == lsh[j])
                {
                    extra++;
                }
            }
        }

        return (pairs, found, extra);
    }

    private static float[][] OneDomainVectors(int count, int topics, int dimensions, int seed)
    {
        var random = new Random(seed);
        var common = RandomUnit(random, dimensions);
        var centers = Enumerable.Range(0, topics).Select(_ => RandomUnit(random, dimensions)).ToArray();
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var center = centers[random.Next(topics)];
            var noise = RandomUnit(random, dimensions);
            var level = 0.25f + (0.3f * (float)random.NextDouble());
            vectors[i] = Enumerable.Range(0, dimensions).Select(d => (0.55f * common[d]) + (0.8f * center[d]) + (level * noise[d])).ToArray();
        }

        return vectors;
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    private static int[] Labels(UnionFind uf) => Enumerable.Range(0, uf.Count).Select(uf.Find).ToArray();

    private static float[] UniformUnit(Random random, int dimensions)
    {
        var v = Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static float[] RandomUnit(Random random, int dimensions)
    {
        var v = Enumerable.Range(0, dimensions)
            .Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))
            .ToArray();
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
