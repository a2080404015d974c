using System.Numerics.Tensors;

namespace Convergence.Quality;

/// <summary>The <c>dedup</c> command: scores every pair with one method, tunes the threshold on --tune, reports on --eval.</summary>
internal static class DedupCommand
{
    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        var method = options.GetValueOrDefault("method", "lexical");
        var tune = LabelledPair.Load(options["tune"]);
        var eval = LabelledPair.Load(options["eval"]);
        var cache = options.GetValueOrDefault("cache");
        Console.WriteLine($"dedup: method={method} tune={Path.GetFileName(options["tune"])} ({tune.Count} pairs) eval={Path.GetFileName(options["eval"])} ({eval.Count} pairs)");

        if (method is "study" or "tokens")
        {
            var dir = cache ?? throw new ArgumentException($"--method {method} needs --cache DIR (it embeds each text once with two models).", nameof(options));

            // Token states are ~30 KB a text, so they get their own directory (--token-cache), by default under --cache.
            var tokenCache = options.GetValueOrDefault("token-cache", Path.Combine(dir, "minilm-tokens"));
            await (method == "study" ? SemanticStudy.RunAsync(tune, eval, dir, tokenCache) : TokenAlignmentStudy.RunAsync(tune, eval, dir, tokenCache));
            return 0;
        }

        if (method == "explore")
        {
            await ExploreAsync(tune, eval, cache);
            return 0;
        }

        // The scores are the ones the synthesizers threshold: lexical = Jaccard of the LexicalDedupSynthesizer's default shingles
        // (words without stop words), semantic = cosine of all-MiniLM-L6-v2, hybrid = the SemanticDedupSynthesizer's blend (whose
        // lexical part is character bigrams and words, every word kept).
        double[] tuneScores, evalScores;
        var label = method;
        switch (method)
        {
            case "exact":
                tuneScores = ExactScores(tune);
                evalScores = ExactScores(eval);
                break;
            case "lexical":
                tuneScores = LexicalScores(tune, new());
                evalScores = LexicalScores(eval, new());
                break;
            case "semantic":
                tuneScores = await CosineScores(tune, "minilm", cache);
                evalScores = await CosineScores(eval, "minilm", cache);
                break;
            case "hybrid":
                {
                    var (tc, tl) = (await CosineScores(tune, "minilm", cache), LexicalScores(tune, 2, 1));
                    var (ec, el) = (await CosineScores(eval, "minilm", cache), LexicalScores(eval, 2, 1));
                    var weight = new[] { 0.1, 0.2, 0.3, 0.4, 0.5 }
                        .OrderByDescending(w => Youden(Mix(tc, tl, 1 - w), tune)).First();
                    Console.WriteLine(FormattableString.Invariant($"hybrid: lexical weight {weight:0.0} (chosen on --tune)"));
                    tuneScores = Mix(tc, tl, 1 - weight);
                    evalScores = Mix(ec, el, 1 - weight);
                    break;
                }

            default:
                Console.Error.WriteLine($"unknown --method '{method}' (exact, lexical, semantic, hybrid)");
                return 2;
        }

        // The threshold maximises Youden's J on --tune: unlike F1, J does not depend on the share of duplicates in the tuning file,
        // so it transfers between MRPC (67 % duplicates) and STS-B (18 %). --eval is only scored, never looked at for tuning.
        var tuned = Metrics.BestBalanced(tuneScores, tune);
        Console.WriteLine(FormattableString.Invariant($"tune: threshold={tuned.Threshold:0.000} f1={tuned.F1:0.000} (max Youden J)"));
        var m = Metrics.At(evalScores, eval, tuned.Threshold);
        Console.WriteLine(FormattableString.Invariant($"method={label} threshold={m.Threshold:0.00} precision={m.Precision:0.000} recall={m.Recall:0.000} f1={m.F1:0.000} accuracy={m.Accuracy:0.000} pairs={m.Pairs}"));
        return 0;
    }

    private static double Youden(double[] scores, IReadOnlyList<LabelledPair> pairs)
    {
        var m = Metrics.BestBalanced(scores, pairs);
        var positives = pairs.Count(p => p.Duplicate);
        var tp = m.Recall * positives;
        var fp = m.Precision > 0 ? (tp / m.Precision) - tp : 0;
        return m.Recall - (fp / (pairs.Count - positives));
    }

    private static double[] ExactScores(IReadOnlyList<LabelledPair> pairs)
        => pairs.Select(p => TextNormalizer.Normalize(p.A) == TextNormalizer.Normalize(p.B) ? 1.0 : 0.0).ToArray();

    private static double[] LexicalScores(IReadOnlyList<LabelledPair> pairs, int charSize, int wordSize, IReadOnlyCollection<string>? stopWords = null)
        => LexicalScores(pairs, new() { CharacterShingleSize = charSize, WordShingleSize = wordSize, StopWords = stopWords ?? [] });

    private static double[] LexicalScores(IReadOnlyList<LabelledPair> pairs, LexicalDedupSynthesizerOptions options)
    {
        var synthesizer = new LexicalDedupSynthesizer(options);
        return pairs.Select(p => ShingleSet.Jaccard(synthesizer.Shingles(p.A), synthesizer.Shingles(p.B))).ToArray();
    }

    private static async Task<double[]> CosineScores(IReadOnlyList<LabelledPair> pairs, string model, string? cache)
    {
        var vectors = await EmbeddingCache.EmbedAsync(model, cache, pairs.SelectMany(p => new[] { p.A, p.B }));
        return pairs.Select(p => (double)TensorPrimitives.CosineSimilarity(vectors[p.A], vectors[p.B])).ToArray();
    }

    private static async Task ExploreAsync(IReadOnlyList<LabelledPair> tune, IReadOnlyList<LabelledPair> eval, string? cache)
    {
        void Report(string name, double[] t, double[] e)
        {
            var tuned = Metrics.Best(t, tune);
            var m = Metrics.At(e, eval, tuned.Threshold);
            var bal = Metrics.At(e, eval, Metrics.BestBalanced(t, tune).Threshold);
            var o = Metrics.Best(e, eval);
            Console.WriteLine(FormattableString.Invariant($"  {name,-28} tuneJ={Youden(t, tune):0.000} thr={tuned.Threshold:0.000} evalF1={m.F1:0.000} | J-thr={bal.Threshold:0.000} evalF1={bal.F1:0.000} P={bal.Precision:0.000} R={bal.Recall:0.000} (oracle {o.F1:0.000}@{o.Threshold:0.000})"));
        }

        // Stop-word lists: none, the synthesizer's default, the default plus "said" (the list first tried, which has a word typical
        // of news text), and a longer list of English function words.
        var lists = new (string Name, IReadOnlyCollection<string> Words)[]
        {
            ("lex", []),
            ("lex-nostop", LexicalDedupSynthesizerOptions.DefaultStopWords),
            ("lex-nostop+said", [.. LexicalDedupSynthesizerOptions.DefaultStopWords, "said"]),
            ("lex-nostop-long", [.. LexicalDedupSynthesizerOptions.DefaultStopWords, .. LongStopWords]),
        };
        foreach (var (c, w) in new[] { (3, 0), (4, 0), (5, 0), (3, 1), (4, 1), (0, 1), (0, 2), (4, 2), (2, 1) })
        {
            foreach (var (name, words) in lists)
            {
                Report($"{name} c{c} w{w}", LexicalScores(tune, c, w, words), LexicalScores(eval, c, w, words));
            }
        }

        if (cache is null)
        {
            return;
        }

        var mt = await CosineScores(tune, "minilm", cache);
        var me = await CosineScores(eval, "minilm", cache);
        Report("minilm", mt, me);
        var at = await CosineScores(tune, "arctic", cache);
        var ae = await CosineScores(eval, "arctic", cache);
        Report("arctic", at, ae);
        var lt = LexicalScores(tune, 2, 1);
        var le = LexicalScores(eval, 2, 1);
        foreach (var w in new[] { 0.3, 0.5, 0.7 })
        {
            Report(FormattableString.Invariant($"minilm*{w}+arctic"), Mix(mt, at, w), Mix(me, ae, w));
        }

        foreach (var w in new[] { 0.6, 0.8, 0.9 })
        {
            Report(FormattableString.Invariant($"minilm*{w}+lex"), Mix(mt, lt, w), Mix(me, le, w));
            Report(FormattableString.Invariant($"(mini+arctic)/2*{w}+lex"), Mix(Mix(mt, at, 0.5), lt, w), Mix(Mix(me, ae, 0.5), le, w));
        }
    }

    private static readonly string[] LongStopWords =
        "am being do does did not no so if then than there these those which who whom what when where why how all any both each few more most other some such only own same too very can could should may might must shall i me my we our you your him them us into over under about after before between through during up down out off again further once here".Split(' ');

    private static double[] Mix(double[] a, double[] b, double w) => a.Select((x, i) => (w * x) + ((1 - w) * b[i])).ToArray();
}
