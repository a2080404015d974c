namespace Convergence.Benchmarks.Dedup;

/// <summary>
/// 384-dimension vectors for a <see cref="FindingSet"/>, shaped like sentence embeddings of one domain: a component every text
/// shares (unrelated findings still score about 0.3), one per defect, and noise per paraphrase (near-duplicates score about 0.9).
/// </summary>
public static class SemanticFixture
{
    public const int Dimensions = 384;

    public static (PrecomputedEmbeddingGenerator Generator, long VectorBytes) Create(FindingSet set, int seed = 7)
    {
        var random = new Random(seed);
        var common = RandomUnit(random);
        var byDefect = new Dictionary<int, float[]>();
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var i = 0; i < set.Findings.Length; i++)
        {
            var finding = set.Findings[i];
            var key = set.DefectOf[i];
            if (!byDefect.TryGetValue(key, out var defect))
            {
                byDefect[key] = defect = RandomUnit(random);
            }

            var noise = RandomUnit(random);
            var v = new float[Dimensions];
            for (var d = 0; d < Dimensions; d++)
            {
                v[d] = (0.55f * common[d]) + (0.8f * defect[d]) + (0.32f * noise[d]);
            }

            // Unit length, as sentence-embedding models return them.
            var norm = (float)Math.Sqrt(v.Sum(static x => (double)x * x));
            for (var d = 0; d < Dimensions; d++)
            {
                v[d] /= norm;
            }

            vectors[finding.Title] = v;
            vectors[string.Concat(finding.Title, ". ", finding.Detail)] = v;
        }

        return (new PrecomputedEmbeddingGenerator(vectors), (long)set.Findings.Length * ((Dimensions * sizeof(float)) + 24));
    }

    private static float[] RandomUnit(Random random)
    {
        var v = new float[Dimensions];
        var norm = 0.0;
        for (var d = 0; d < Dimensions; d++)
        {
            // Box-Muller: Gaussian components give a direction uniform on the sphere.
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            v[d] = (float)g;
            norm += g * g;
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var d = 0; d < Dimensions; d++)
        {
            v[d] *= scale;
        }

        return v;
    }
}
