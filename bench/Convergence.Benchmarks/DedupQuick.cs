namespace Convergence.Benchmarks;

/// <summary>(d) Dedup scaling in quick mode.</summary>
public static class DedupQuick
{
    public static void Measure(Dictionary<string, string> summary)
    {
        _ = summary;
    }
}
