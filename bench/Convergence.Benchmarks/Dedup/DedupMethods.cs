using Microsoft.Extensions.AI;

namespace Convergence.Benchmarks.Dedup;

/// <summary>
/// The dedup methods measured at scale. The lexical (MinHash/LSH) and semantic synthesizers come from the synthesis work, found by
/// name so that the benchmarks build before it lands and measure it as soon as it does (with their default options).
/// </summary>
public static class DedupMethods
{
    public const string Lexical = "lexical";
    public const string Semantic = "semantic";
    public const string Naive = "naive";

    public static bool IsAvailable(string method) => method == Naive || FindType(method) is not null;

    /// <summary>Creates the synthesizer, or returns <see langword="null"/> when this build of Convergence does not have it.</summary>
    public static ISynthesizer? Create(string method, FindingSet set) => method switch
    {
        Naive => new NaiveJaccardSynthesizer(),
        Lexical => FindType(method) is { } type ? (ISynthesizer)Activator.CreateInstance(type, new object?[] { null })! : null,
        Semantic => FindType(method) is { } type
            ? (ISynthesizer)Activator.CreateInstance(type, new object?[] { (IEmbeddingGenerator<string, Embedding<float>>)SemanticFixture.Create(set).Generator, null })!
            : null,
        _ => throw new ArgumentException($"Unknown dedup method '{method}'.", nameof(method)),
    };

    /// <summary>The bytes of the input beyond the findings themselves (the semantic method's precomputed vectors).</summary>
    public static long ExtraInputBytes(string method, FindingSet set) =>
        method == Semantic ? (long)set.Findings.Length * ((SemanticFixture.Dimensions * sizeof(float)) + 24) : 0;

    private static Type? FindType(string method) => method switch
    {
        Lexical => typeof(ISynthesizer).Assembly.GetType("Convergence.LexicalDedupSynthesizer"),
        Semantic => typeof(ISynthesizer).Assembly.GetType("Convergence.SemanticDedupSynthesizer"),
        _ => null,
    };
}
