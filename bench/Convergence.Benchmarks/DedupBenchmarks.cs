using BenchmarkDotNet.Attributes;
using Convergence.Benchmarks.Dedup;

namespace Convergence.Benchmarks;

/// <summary>(d) The naive way: all-pairs Jaccard of word sets, O(n²), at 1k and 10k findings.</summary>
[MemoryDiagnoser]
public class NaiveDedupBenchmarks
{
    private SynthesisRequest _request = null!;

    [Params(1_000, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _request = new SynthesisRequest(FindingSet.Create(N).Candidates(), FindingSet.Panel, "dedup");

    [Benchmark]
    public Task<SynthesisResult> NaiveAllPairsJaccard() => new NaiveJaccardSynthesizer().SynthesizeAsync(_request);
}
