using System.Numerics.Tensors;

namespace Convergence.Quality;

/// <summary>
/// The semantic study behind docs/synthesis.md: which signals, alone or combined, transfer from the --tune file to the --eval file.
/// Exploration only (the synthesizers do not use it); run with <c>dedup --method study --cache DIR</c>.
/// </summary>
internal static class SemanticStudy
{
    // The lexical synthesizer's default stop words, plus "said": the list the study was measured with.
    private static readonly HashSet<string> Stop = [.. LexicalDedupSynthesizerOptions.DefaultStopWords, "said"];

    /// <summary>Runs every study; each line reports the eval F1 at the threshold tuned (max Youden's J) on --tune, and the eval oracle.</summary>
    public static async Task RunAsync(IReadOnlyList<LabelledPair> tune, IReadOnlyList<LabelledPair> eval, string cache, string tokenCache)
    {
        Console.WriteLine("semantic signals (tuned on --tune, oracle = best threshold read off --eval, for reference only):");
        await TransformsAsync(tune, eval, cache);
        await HeadsAsync(tune, eval, cache);
        await CombinationsAsync(tune, eval, cache);
        await NumberVetoAsync(tune, eval, cache);
        await CoverageAsync(tune, eval, cache);
        await TokenAlignmentStudy.RunAsync(tune, eval, cache, tokenCache);
    }

    public static void Report(string name, double[] tuneScores, double[] evalScores, IReadOnlyList<LabelledPair> tune, IReadOnlyList<LabelledPair> eval)
    {
        var tuned = Metrics.BestBalanced(tuneScores, tune);
        var m = Metrics.At(evalScores, eval, tuned.Threshold);
        var o = Metrics.Best(evalScores, eval);
        Console.WriteLine(FormattableString.Invariant($"  {name,-62} evalF1={m.F1:0.000} P={m.Precision:0.000} R={m.Recall:0.000} (oracle {o.F1:0.000})"));
    }

    /// <summary>Centring on the mean vector, and removing the top principal directions ("all but the top"), with statistics of the
    /// scored file itself (what a synthesizer sees) or of --tune.</summary>
    private static async Task TransformsAsync(IReadOnlyList<LabelledPair> tune, IReadOnlyList<LabelledPair> eval, string cache)
    {
        foreach (var model in new[] { "minilm", "arctic" })
        {
            var tv = await Vectors(tune.SelectMany(p => new[] { p.A, p.B }), model, cache);
            var ev = await Vectors(eval.SelectMany(p => new[] { p.A, p.B }), model, cache);
            foreach (var remove in new[] { -1, 0, 1, 3, 8 })
            {
                foreach (var own in remove < 0 ? [true] : new[] { true, false })
                {
                    var tt = Transform(tv, tv, remove);
                    var et = Transform(ev, own ? ev : tv, remove);
                    Report(
                        remove < 0 ? $"{model} cosine" : $"{model} centred, top {remove} removed, stats of {(own ? "own file" : "--tune")}",
                        tune.Select(p => (double)TensorPrimitives.CosineSimilarity(tt[p.A], tt[p.B])).ToArray(),
                        eval.Select(p => (double)TensorPrimitives.CosineSimilarity(et[p.A], et[p.B])).ToArray(),
                        tune,
                        eval);
                }
            }
        }
    }

    /// <summary>A trained classification head (logistic regression on u*v, and on u*v with |u-v|), as in SBERT's classification objective.</summary>
    private static async Task HeadsAsync(IReadOnlyList<LabelledPair> tune, IReadOnlyList<LabelledPair> eval, string cache)
    {
        foreach (var model in new[] { "minilm", "arctic" })
        {
            var tv = await Vectors(tune.SelectMany(p => new[] { p.A, p.B }), model, cache);
            var ev = await Vectors(eval.SelectMany(p => new[] { p.A, p.B }), model, cache);
            foreach (var withDifference in new[] { false, true })
            {
                double[][] Rows(IReadOnlyList<LabelledPair> ps, Dictionary<string, float[]> v) => ps.Select(p =>
                {
                    var (a, b) = (v[p.A], v[p.B]);
                    IEnumerable<double> row = a.Select((x, i) => (double)x * b[i]).Prepend(TensorPrimitives.CosineSimilarity(a, b));
                    return (withDifference ? row.Concat(a.Select((x, i) => (double)Math.Abs(x - b[i]))) : row).ToArray();
                }).ToArray();
                foreach (var lambda in new[] { 1e-3, 1e-1 })
                {
                    var head = Logistic.FitGradient(Rows(tune, tv), tune.Select(p => p.Duplicate).ToArray(), lambda);
                    Report(FormattableString.Invariant($"{model} head u*v{(withDifference ? ",|u-v|" : string.Empty)} l2={lambda}"), Rows(tune, tv).Select(head.Predict).ToArray(), Rows(eval, ev).Select(head.Predict).ToArray(), tune, eval);
                }
            }
        }
    }

    /// <summary>Logistic combinations of scalar signals: both models' cosines, lexical overlaps, length ratio, number agreement, and a
    /// word-alignment score (each content word's best cosine in the other text, words embedded alone).</summary>
    private static async Task CombinationsAsync(IReadOnlyList<LabelledPair> tune, IReadOnlyList<LabelledPair> eval, string cache)
    {
        var tf = await FeaturesAsync(tune, cache);
        var ef = await FeaturesAsync(eval, cache);
        string[] names = ["minilm", "arctic", "wordJ", "bigramJ", "c3J", "lenRatio", "numMismatch", "contain", "alignMin", "alignMean"];
        int[][] sets =
        [
            [0, 1], [0, 2], [0, 1, 2], [0, 1, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7], [0, 2, 5, 6], [0, 1, 2, 5, 6, 7], [0, 8, 9], [0, 1, 2, 8, 9], [0, 1, 2, 5, 6, 7, 8, 9],
        ];
        foreach (var set in sets)
        {
            double[] Pick(double[] row) => set.Select(i => row[i]).ToArray();
            var model = Logistic.Fit(tf.Select(Pick).ToArray(), tune.Select(p => p.Duplicate).ToArray(), 1e-2);
            Report(string.Join('+', set.Select(i => names[i])), tf.Select(r => model.Predict(Pick(r))).ToArray(), ef.Select(r => model.Predict(Pick(r))).ToArray(), tune, eval);
        }
    }

    /// <summary>A penalty when the two texts cite different numbers (a different line, amount or date is a different finding).</summary>
    private static async Task NumberVetoAsync(IReadOnlyList<LabelledPair> tune, IReadOnlyList<LabelledPair> eval, string cache)
    {
        var tv = await Vectors(tune.SelectMany(p => new[] { p.A, p.B }), "minilm", cache);
        var ev = await Vectors(eval.SelectMany(p => new[] { p.A, p.B }), "minilm", cache);
        static HashSet<string> Numbers(string t) => LexicalNormalizer.Normalize(t).Split(' ').Where(w => w.Any(char.IsDigit)).ToHashSet();
        foreach (var rule in new[] { "both cite numbers, sets differ", "sets differ", "both cite numbers, none shared" })
        {
            foreach (var penalty in new[] { 0.1, 1.0 })
            {
                double Score(LabelledPair p, Dictionary<string, float[]> v)
                {
                    var (na, nb) = (Numbers(p.A), Numbers(p.B));
                    var hit = rule switch
                    {
                        "sets differ" => !na.SetEquals(nb),
                        "both cite numbers, none shared" => na.Count > 0 && nb.Count > 0 && !na.Overlaps(nb),
                        _ => na.Count > 0 && nb.Count > 0 && !na.SetEquals(nb),
                    };
                    return TensorPrimitives.CosineSimilarity(v[p.A], v[p.B]) - (hit ? penalty : 0);
                }

                Report(FormattableString.Invariant($"minilm - {penalty} when {rule}"), tune.Select(p => Score(p, tv)).ToArray(), eval.Select(p => Score(p, ev)).ToArray(), tune, eval);
            }
        }
    }

    /// <summary>Coverage: how close each text is to the embedding of both texts joined (a text that adds nothing stays close).</summary>
    private static async Task CoverageAsync(IReadOnlyList<LabelledPair> tune, IReadOnlyList<LabelledPair> eval, string cache)
    {
        async Task<double[][]> Rows(IReadOnlyList<LabelledPair> ps)
        {
            var v = await Vectors(ps.SelectMany(p => new[] { p.A, p.B, p.A + " " + p.B }), "minilm", cache);
            return ps.Select(p =>
            {
                var ab = v[p.A + " " + p.B];
                double ca = TensorPrimitives.CosineSimilarity(v[p.A], ab);
                double cb = TensorPrimitives.CosineSimilarity(v[p.B], ab);
                return new[] { TensorPrimitives.CosineSimilarity(v[p.A], v[p.B]), Math.Min(ca, cb), Math.Abs(ca - cb), (ca + cb) / 2 };
            }).ToArray();
        }

        var tr = await Rows(tune);
        var er = await Rows(eval);
        string[] names = ["cosine", "min coverage", "coverage gap", "mean coverage"];
        foreach (var set in new[] { new[] { 3 }, [0, 1], [0, 2], [0, 3], [0, 1, 2, 3] })
        {
            double[] Pick(double[] row) => set.Select(i => row[i]).ToArray();
            var model = Logistic.Fit(tr.Select(Pick).ToArray(), tune.Select(p => p.Duplicate).ToArray(), 1e-2);
            Report("minilm " + string.Join('+', set.Select(i => names[i])), tr.Select(r => model.Predict(Pick(r))).ToArray(), er.Select(r => model.Predict(Pick(r))).ToArray(), tune, eval);
        }
    }

    public static async Task<double[][]> FeaturesAsync(IReadOnlyList<LabelledPair> pairs, string cache)
    {
        var mini = await Vectors(pairs.SelectMany(p => new[] { p.A, p.B }), "minilm", cache);
        var arctic = await Vectors(pairs.SelectMany(p => new[] { p.A, p.B }), "arctic", cache);
        var words = pairs.SelectMany(p => Words(p.A).Concat(Words(p.B))).Distinct().ToList();
        var wordVectors = await Vectors(words, "minilm-words", cache);
        return pairs.Select(p =>
        {
            var wa = Words(p.A).ToHashSet();
            var wb = Words(p.B).ToHashSet();
            var inter = wa.Intersect(wb).Count();
            var union = wa.Union(wb).Count();
            var na = LexicalNormalizer.Normalize(p.A).Split(' ').Where(w => w.Any(char.IsDigit)).ToHashSet();
            var nb = LexicalNormalizer.Normalize(p.B).Split(' ').Where(w => w.Any(char.IsDigit)).ToHashSet();
            var (alignMin, alignMean) = Align(wa, wb, wordVectors);
            return new[]
            {
                TensorPrimitives.CosineSimilarity(mini[p.A], mini[p.B]),
                TensorPrimitives.CosineSimilarity(arctic[p.A], arctic[p.B]),
                union == 0 ? 0 : (double)inter / union,
                ShingleSet.Jaccard(ShingleSet.Create(LexicalNormalizer.Normalize(p.A), 2, 1), ShingleSet.Create(LexicalNormalizer.Normalize(p.B), 2, 1)),
                ShingleSet.Jaccard(ShingleSet.Create(LexicalNormalizer.Normalize(p.A), 3, 0), ShingleSet.Create(LexicalNormalizer.Normalize(p.B), 3, 0)),
                (double)Math.Min(wa.Count, wb.Count) / Math.Max(1, Math.Max(wa.Count, wb.Count)),
                na.SetEquals(nb) ? 0 : 1,
                Math.Min(wa.Count, wb.Count) == 0 ? 0 : (double)inter / Math.Min(wa.Count, wb.Count),
                alignMin,
                alignMean,
            };
        }).ToArray();
    }

    /// <summary>remove = -1: unchanged; 0: centred on the mean of <paramref name="stats"/>; k: centred and the top k principal directions removed.</summary>
    private static Dictionary<string, float[]> Transform(Dictionary<string, float[]> vectors, Dictionary<string, float[]> stats, int remove)
    {
        if (remove < 0)
        {
            return vectors;
        }

        var d = stats.First().Value.Length;
        var mean = new float[d];
        foreach (var v in stats.Values)
        {
            TensorPrimitives.Add(mean, v, mean);
        }

        TensorPrimitives.Divide(mean, stats.Count, mean);
        var centred = stats.Values.Select(v => { var c = new float[d]; TensorPrimitives.Subtract(v, mean, c); return c; }).ToList();
        var components = new List<float[]>();
        var rng = new Random(1);
        for (var k = 0; k < remove; k++)
        {
            var u = Enumerable.Range(0, d).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
            for (var it = 0; it < 30; it++)
            {
                var next = new float[d];
                foreach (var c in centred)
                {
                    var dot = TensorPrimitives.Dot(c, u);
                    TensorPrimitives.MultiplyAdd(c, dot, next, next);
                }

                foreach (var prev in components)
                {
                    TensorPrimitives.MultiplyAdd(prev, -TensorPrimitives.Dot(prev, next), next, next);
                }

                TensorPrimitives.Divide(next, TensorPrimitives.Norm(next), next);
                u = next;
            }

            components.Add(u);
        }

        return vectors.ToDictionary(kv => kv.Key, kv =>
        {
            var c = new float[d];
            TensorPrimitives.Subtract(kv.Value, mean, c);
            foreach (var u in components)
            {
                TensorPrimitives.MultiplyAdd(u, -TensorPrimitives.Dot(u, c), c, c);
            }

            return c;
        });
    }

    private static (double Min, double Mean) Align(HashSet<string> a, HashSet<string> b, Dictionary<string, float[]> v)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return (0, 0);
        }

        double Side(HashSet<string> x, HashSet<string> y, out double min)
        {
            double sum = 0;
            min = 1;
            foreach (var w in x)
            {
                var best = y.Contains(w) ? 1.0 : y.Max(u => (double)TensorPrimitives.Dot(v[w], v[u]));
                sum += best;
                min = Math.Min(min, best);
            }

            return sum / x.Count;
        }

        var ma = Side(a, b, out var mina);
        var mb = Side(b, a, out var minb);
        return (Math.Min(mina, minb), 2 * ma * mb / Math.Max(1e-9, ma + mb));
    }

    private static IEnumerable<string> Words(string text) => LexicalNormalizer.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !Stop.Contains(w));

    private static Task<Dictionary<string, float[]>> Vectors(IEnumerable<string> texts, string model, string cache)
        => EmbeddingCache.EmbedAsync(model, cache, texts);
}

/// <summary>L2-regularised logistic regression on standardised features, fitted by Newton's method.</summary>
internal sealed class Logistic
{
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly double[] _w;

    private Logistic(double[] mean, double[] scale, double[] w) => (_mean, _scale, _w) = (mean, scale, w);

    public double Predict(double[] x)
    {
        var z = _w[^1];
        for (var i = 0; i < x.Length; i++)
        {
            z += _w[i] * (x[i] - _mean[i]) / _scale[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    public static Logistic FitGradient(double[][] x, bool[] y, double lambda)
    {
        var d = x[0].Length;
        var n = x.Length;
        var mean = new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            double s = 0, s2 = 0;
            foreach (var r in x) { s += r[j]; s2 += r[j] * r[j]; }
            mean[j] = s / n;
            scale[j] = Math.Sqrt(Math.Max(1e-12, (s2 / n) - (mean[j] * mean[j])));
        }

        var z = x.Select(r => { var o = new double[d + 1]; for (var j = 0; j < d; j++) { o[j] = (r[j] - mean[j]) / scale[j]; } o[d] = 1; return o; }).ToArray();
        var w = new double[d + 1];
        var m1 = new double[d + 1];
        var m2 = new double[d + 1];
        const double lr = 0.01;
        for (var t = 1; t <= 600; t++)
        {
            var g = new double[d + 1];
            for (var k = 0; k < n; k++)
            {
                var p = 1 / (1 + Math.Exp(-System.Numerics.Tensors.TensorPrimitives.Dot<double>(z[k], w)));
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<double>(z[k], (p - (y[k] ? 1 : 0)) / n, g, g);
            }

            for (var j = 0; j <= d; j++)
            {
                var gj = g[j] + (j < d ? lambda * w[j] : 0);
                m1[j] = (0.9 * m1[j]) + (0.1 * gj);
                m2[j] = (0.999 * m2[j]) + (0.001 * gj * gj);
                w[j] -= lr * (m1[j] / (1 - Math.Pow(0.9, t))) / (Math.Sqrt(m2[j] / (1 - Math.Pow(0.999, t))) + 1e-8);
            }
        }

        return new Logistic(mean, scale, w);
    }

    public static Logistic Fit(double[][] x, bool[] y, double lambda)
    {
        var d = x[0].Length;
        var mean = Enumerable.Range(0, d).Select(j => x.Average(r => r[j])).ToArray();
        var scale = Enumerable.Range(0, d).Select(j => Math.Sqrt(x.Average(r => (r[j] - mean[j]) * (r[j] - mean[j]))) + 1e-9).ToArray();
        var z = x.Select(r => r.Select((v, j) => (v - mean[j]) / scale[j]).Append(1.0).ToArray()).ToArray();
        var w = new double[d + 1];
        for (var iter = 0; iter < 50; iter++)
        {
            var g = new double[d + 1];
            var h = new double[d + 1, d + 1];
            for (var n = 0; n < z.Length; n++)
            {
                var p = 1 / (1 + Math.Exp(-z[n].Select((v, j) => v * w[j]).Sum()));
                var r = p - (y[n] ? 1 : 0);
                for (var j = 0; j <= d; j++)
                {
                    g[j] += r * z[n][j];
                    for (var k = 0; k <= d; k++)
                    {
                        h[j, k] += p * (1 - p) * z[n][j] * z[n][k];
                    }
                }
            }

            for (var j = 0; j < d; j++)
            {
                g[j] += lambda * z.Length * w[j];
                h[j, j] += lambda * z.Length;
            }

            var step = Solve(h, g);
            for (var j = 0; j <= d; j++)
            {
                w[j] -= step[j];
            }
        }

        return new Logistic(mean, scale, w);
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = new double[n, n + 1];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                m[i, j] = a[i, j];
            }

            m[i, n] = b[i];
        }

        for (var c = 0; c < n; c++)
        {
            var pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(m[r, c]));
            for (var j = 0; j <= n; j++)
            {
                (m[c, j], m[pivot, j]) = (m[pivot, j], m[c, j]);
            }

            for (var r = 0; r < n; r++)
            {
                if (r == c || m[c, c] == 0)
                {
                    continue;
                }

                var f = m[r, c] / m[c, c];
                for (var j = c; j <= n; j++)
                {
                    m[r, j] -= f * m[c, j];
                }
            }
        }

        return Enumerable.Range(0, n).Select(i => m[i, n] / m[i, i]).ToArray();
    }
}
