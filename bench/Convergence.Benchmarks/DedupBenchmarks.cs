using BenchmarkDotNet.Attributes;
using Convergence.Benchmarks.Dedup;

namespace Convergence.Benchmarks;

/// <summary>
/// (d) Dedup scaling: lexical (MinHash/LSH) and semantic clustering over precomputed 384-dimension vectors at 1k, 10k and 100k
/// generated findings, and the naive all-pairs Jaccard at 1k and 10k. A method not in this build of Convergence, or the naive
/// method at 100k (O(n²): about half an hour), fails its setup and shows as NA.
/// </summary>
[MemoryDiagnoser]
public class DedupBenchmarks
{
    private SynthesisRequest _request = null!;
    private ISynthesizer _synthesizer = null!;

    [Params(DedupMethods.Naive, DedupMethods.Lexical, DedupMethods.Semantic)]
    public string Method { get; set; } = DedupMethods.Naive;

    [Params(1_000, 10_000, 100_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Method == DedupMethods.Naive && N > 10_000)
        {
            throw new InvalidOperationException("The naive all-pairs method is not measured above 10k findings (O(n²)).");
        }

        var set = FindingSet.Create(N);
        _synthesizer = DedupMethods.Create(Method, set)
            ?? throw new InvalidOperationException($"This build of Convergence has no {Method} dedup synthesizer.");
        _request = new SynthesisRequest(set.Candidates(), FindingSet.Panel, "dedup");
    }

    [Benchmark]
    public Task<SynthesisResult> Dedup() => _synthesizer.SynthesizeAsync(_request);
}
