using System.Diagnostics;
using System.Globalization;
using Convergence.Benchmarks.Dedup;

namespace Convergence.Benchmarks;

/// <summary>(d) Dedup scaling in quick mode: the time of each method at each size, and the growth exponent from 10k to 100k.</summary>
public static class DedupQuick
{
    public static void Measure(Dictionary<string, string> summary)
    {
        var sets = new Dictionary<int, FindingSet>();
        foreach (var n in new[] { 1_000, 10_000, 100_000 })
        {
            sets[n] = FindingSet.Create(n);
        }

        var naive = new NaiveJaccardSynthesizer();
        var n1 = Time(naive, sets[1_000], repeat: 3);
        var n10 = Time(naive, sets[10_000], repeat: 1);
        var exact = Time(new ExactDedupSynthesizer(), sets[10_000], repeat: 1);
        Console.WriteLine($"dedup exact titles 10k: {exact.Seconds * 1e3:0.0} ms, {exact.Clusters} clusters");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"dedup naive all-pairs Jaccard: 1k {n1.Seconds * 1e3:0.0} ms ({n1.Clusters} clusters of {sets[1_000].Defects}), 10k {n10.Seconds:0.00} s ({n10.Clusters} of {sets[10_000].Defects}); growth {Growth(n1.Seconds, n10.Seconds):0.00}"));
        summary["naive_growth"] = QuickMode.F(Growth(n1.Seconds, n10.Seconds));
    }

    internal static double Growth(double small, double large) => Math.Log(large / small) / Math.Log(10);

    internal static (double Seconds, int Clusters) Time(ISynthesizer synthesizer, FindingSet set, int repeat)
    {
        var candidates = set.Candidates();
        var request = new SynthesisRequest(candidates, FindingSet.Panel, "dedup");
        var best = double.MaxValue;
        var clusters = 0;
        for (var r = 0; r < repeat; r++)
        {
            GC.Collect();
            var started = Stopwatch.GetTimestamp();
            var result = synthesizer.SynthesizeAsync(request).GetAwaiter().GetResult();
            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
            clusters = result.Candidates.Count;
        }

        return (best, clusters);
    }
}
