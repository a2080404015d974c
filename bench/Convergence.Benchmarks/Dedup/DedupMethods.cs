namespace Convergence.Benchmarks.Dedup;

/// <summary>The dedup methods measured at scale, each with its default options.</summary>
public static class DedupMethods
{
    public const string Lexical = "lexical";
    public const string Semantic = "semantic";
    public const string Naive = "naive";

    public static bool IsAvailable(string method) => method is Naive or Lexical or Semantic;

    /// <summary>Creates the synthesizer; the semantic one answers from vectors precomputed for <paramref name="set"/>.</summary>
    public static ISynthesizer? Create(string method, FindingSet set) => method switch
    {
        Naive => new NaiveJaccardSynthesizer(),
        Lexical => new LexicalDedupSynthesizer(),
        Semantic => new SemanticDedupSynthesizer(SemanticFixture.Create(set).Generator),
        _ => throw new ArgumentException($"Unknown dedup method '{method}'.", nameof(method)),
    };

    /// <summary>The bytes of the input beyond the findings themselves (the semantic method's precomputed vectors).</summary>
    public static long ExtraInputBytes(string method, FindingSet set) =>
        method == Semantic ? (long)set.Findings.Length * ((SemanticFixture.Dimensions * sizeof(float)) + 24) : 0;
}
