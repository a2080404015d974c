using System.Numerics.Tensors;

namespace Convergence.Quality;

/// <summary>
/// BERTScore-style greedy alignment of MiniLM's contextual token vectors (Zhang et al., 2020): each token's best cosine in the
/// other text, averaged (optionally IDF-weighted) into precision and recall, and their F1. IDF comes from the texts of --tune
/// only (no labels). Baseline rescaling is left out: it is affine, so it changes neither a threshold's ranking nor a logistic fit.
/// </summary>
internal static class TokenAlignmentStudy
{
    public static async Task RunAsync(IReadOnlyList<LabelledPair> tune, IReadOnlyList<LabelledPair> eval, string cache, string tokenCache)
    {
        Console.WriteLine("token alignment (BERTScore-style, MiniLM last_hidden_state; IDF from --tune texts):");
        var tokens = TokenEmbeddings.Load(tune.Concat(eval).SelectMany(p => new[] { p.A, p.B }), tokenCache);
        var idf = InverseDocumentFrequency(tune.SelectMany(p => new[] { p.A, p.B }).Distinct(StringComparer.Ordinal).Select(t => tokens[t]).ToList());
        var tb = Scores(tune, tokens, idf);
        var eb = Scores(eval, tokens, idf);

        // Columns of Scores: F, min(P,R), max(P,R) without weights, then the same IDF-weighted.
        string[] names = ["bertscore F", "bertscore min(P,R)", "bertscore max(P,R)", "bertscore-idf F", "bertscore-idf min(P,R)", "bertscore-idf max(P,R)"];
        for (var i = 0; i < names.Length; i++)
        {
            SemanticStudy.Report(names[i], tb.Select(r => r[i]).ToArray(), eb.Select(r => r[i]).ToArray(), tune, eval);
        }

        // Contextual states are anisotropic (every pair of tokens has a high cosine); centring them on the mean token state of the
        // --tune texts spreads the cosines out.
        var centred = Centre(tokens, tune.SelectMany(p => new[] { p.A, p.B }).Distinct(StringComparer.Ordinal).Select(t => tokens[t]));
        var tc = Scores(tune, centred, idf);
        var ec = Scores(eval, centred, idf);
        for (var i = 0; i < names.Length; i++)
        {
            SemanticStudy.Report(names[i] + ", centred", tc.Select(r => r[i]).ToArray(), ec.Select(r => r[i]).ToArray(), tune, eval);
        }

        // Logistic blends fitted on --tune with the study's scalar features (minilm, arctic, wordJ, bigramJ, c3J, lenRatio,
        // numMismatch, contain, alignMin, alignMean) followed by the six scores above (10 .. 15).
        var tf = (await SemanticStudy.FeaturesAsync(tune, cache)).Select((r, k) => r.Concat(tb[k]).ToArray()).ToArray();
        var ef = (await SemanticStudy.FeaturesAsync(eval, cache)).Select((r, k) => r.Concat(eb[k]).ToArray()).ToArray();
        string[] all = ["minilm", "arctic", "wordJ", "bigramJ", "c3J", "lenRatio", "numMismatch", "contain", "alignMin", "alignMean", .. names];
        int[][] sets =
        [
            [0, 10], [0, 13], [0, 13, 14, 15], [0, 10, 11, 12, 13, 14, 15], [0, 1, 13], [0, 1, 2, 5, 6, 7], [0, 1, 2, 5, 6, 7, 13],
            [0, 1, 2, 5, 6, 7, 13, 14, 15], [0, 1, 2, 5, 6, 7, 8, 9, 13, 14, 15],
        ];
        foreach (var set in sets)
        {
            double[] Pick(double[] row) => set.Select(i => row[i]).ToArray();
            var model = Logistic.Fit(tf.Select(Pick).ToArray(), tune.Select(p => p.Duplicate).ToArray(), 1e-2);
            SemanticStudy.Report(string.Join('+', set.Select(i => all[i])), tf.Select(r => model.Predict(Pick(r))).ToArray(), ef.Select(r => model.Predict(Pick(r))).ToArray(), tune, eval);
        }
    }

    private static Dictionary<string, TokenVectors> Centre(Dictionary<string, TokenVectors> tokens, IEnumerable<TokenVectors> stats)
    {
        var mean = new float[tokens.First().Value.Vectors[0].Length];
        var count = 0;
        foreach (var v in stats.SelectMany(t => t.Vectors))
        {
            TensorPrimitives.Add(mean, v, mean);
            count++;
        }

        TensorPrimitives.Divide(mean, count, mean);
        return tokens.ToDictionary(kv => kv.Key, kv => kv.Value with
        {
            Vectors = [.. kv.Value.Vectors.Select(v =>
            {
                var c = new float[v.Length];
                TensorPrimitives.Subtract(v, mean, c);
                TensorPrimitives.Divide(c, TensorPrimitives.Norm<float>(c), c);
                return c;
            })],
        }, StringComparer.Ordinal);
    }

    /// <summary>idf(t) = ln((M + 1) / (df(t) + 1)) over M texts; an id unseen there gets ln(M + 1), as in BERTScore.</summary>
    private static Func<int, double> InverseDocumentFrequency(List<TokenVectors> texts)
    {
        var df = new Dictionary<int, int>();
        foreach (var id in texts.SelectMany(t => t.Ids.Distinct()))
        {
            df[id] = df.GetValueOrDefault(id) + 1;
        }

        return id => Math.Log((texts.Count + 1.0) / (df.GetValueOrDefault(id) + 1.0));
    }

    private static double[][] Scores(IReadOnlyList<LabelledPair> pairs, Dictionary<string, TokenVectors> tokens, Func<int, double> idf) => pairs.Select(p =>
    {
        var (a, b) = (tokens[p.A], tokens[p.B]);
        if (a.Ids.Length == 0 || b.Ids.Length == 0)
        {
            return new double[6];
        }

        var bestA = new double[a.Ids.Length];
        var bestB = Enumerable.Repeat(double.NegativeInfinity, b.Ids.Length).ToArray();
        for (var i = 0; i < a.Ids.Length; i++)
        {
            bestA[i] = double.NegativeInfinity;
            for (var j = 0; j < b.Ids.Length; j++)
            {
                double s = TensorPrimitives.Dot(a.Vectors[i], b.Vectors[j]);
                bestA[i] = Math.Max(bestA[i], s);
                bestB[j] = Math.Max(bestB[j], s);
            }
        }

        double Mean(double[] best, int[] ids, bool weighted)
        {
            var w = ids.Select(id => weighted ? idf(id) : 1).ToArray();
            return best.Select((s, k) => s * w[k]).Sum() / Math.Max(1e-12, w.Sum());
        }

        return new[] { false, true }.SelectMany(weighted =>
        {
            var (r, q) = (Mean(bestA, a.Ids, weighted), Mean(bestB, b.Ids, weighted));
            return new[] { 2 * r * q / (r + q), Math.Min(r, q), Math.Max(r, q) };
        }).ToArray();
    }).ToArray();
}
