using System.Diagnostics;
using System.Globalization;
using Convergence.Benchmarks.Fixtures;
using Microsoft.Extensions.AI;

namespace Convergence.Benchmarks;

/// <summary>
/// Measures (a) to (d) side by side in one process, interleaving the things compared so that whatever else the machine is
/// doing slows both alike, and prints ratios. The last line is the <c>key=value</c> summary.
/// </summary>
public static class QuickMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var total = Stopwatch.StartNew();
        var summary = new Dictionary<string, string>(StringComparer.Ordinal);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {LoadAverage()}");

        // "quick dedup" (or "quick overhead", "quick latency") measures one part only, for profiling.
        var only = args.Length > 0 ? args[0] : null;
        if (only is null or "overhead")
        {
            await MeasureOverheadAsync(summary);
        }

        if (only is null or "latency")
        {
            await MeasureLatencyAsync(summary);
        }

        if (only is null or "dedup")
        {
            DedupQuick.Measure(summary);
        }

        Console.WriteLine($"quick mode took {total.Elapsed.TotalSeconds:0.0} s, load average {LoadAverage()}");
        string[] keys = ["fanout_ratio", "quorum_ratio", "quorum_ideal", "overhead_vs_maf", "dedup_growth", "semantic_growth", "lexical_100k_s"];
        Console.WriteLine(string.Join(' ', keys.Select(k => $"{k}={summary.GetValueOrDefault(k, "na")}")));
        return 0;
    }

    /// <summary>(a) Instant clients: per-run time and allocations of Convergence and of Agent Framework, in interleaved batches.</summary>
    private static async Task MeasureOverheadAsync(Dictionary<string, string> summary)
    {
        IChatClient[] clients = Panel.CreateClients();
        var pipeline = ConvergenceSetup.Create(clients);
        var maf = new AgentFrameworkSetup(clients);
        _ = await ConvergenceSetup.RunCheckedAsync(pipeline, Panel.Explorers);
        _ = await maf.RunCheckedAsync();

        Func<Task> convergence = () => pipeline.RunAsync(ConvergenceSetup.Request());
        Func<Task> agentFramework = () => maf.RunAsync();

        // Warm up (tiered JIT, PGO) for about the same wall time on each side.
        await BatchAsync(convergence, 400);
        await BatchAsync(agentFramework, 400);

        // Alternate single runs, so a burst of load from the rest of the machine hits both sides alike; compare medians.
        const int Pairs = 400;
        var c = new double[Pairs];
        var m = new double[Pairs];
        for (var i = 0; i < Pairs; i++)
        {
            c[i] = await TimeAsync(convergence);
            m[i] = await TimeAsync(agentFramework);
        }

        var (_, cBytes) = await BatchAsync(convergence, 100);
        var (_, mBytes) = await BatchAsync(agentFramework, 100);
        var cMedian = Median(c);
        var mMedian = Median(m);
        Console.WriteLine(
            $"overhead: convergence {cMedian * 1e6:0} us/run (p90 {Percentile(c, 0.9) * 1e6:0}), {cBytes / 100 / 1024.0:0.0} KB/run; " +
            $"agent framework {mMedian * 1e6:0} us/run (p90 {Percentile(m, 0.9) * 1e6:0}), {mBytes / 100 / 1024.0:0.0} KB/run; " +
            $"time ratio {cMedian / mMedian:0.000}, allocation ratio {(double)cBytes / mBytes:0.000}");
        summary["overhead_vs_maf"] = F(cMedian / mMedian);
    }

    /// <summary>(b) and (c): simulated latencies 50 to 200 ms; each Convergence run is compared with the raw calls in the same round.</summary>
    private static async Task MeasureLatencyAsync(Dictionary<string, string> summary)
    {
        var clients = Panel.CreateClients(Panel.Latencies);
        var all = ConvergenceSetup.Create(clients);
        var quorum = ConvergenceSetup.Create(clients, quorum: 3, gracePeriod: TimeSpan.Zero);
        List<ChatMessage> messages = [new(ChatRole.User, Panel.Task)];
        _ = await ConvergenceSetup.RunCheckedAsync(all, Panel.Explorers);
        _ = await ConvergenceSetup.RunCheckedAsync(quorum, 3);

        Func<Task> raw = () => Task.WhenAll(clients.Select(c => c.GetResponseAsync(messages)));
        Func<Task> convergenceAll = () => all.RunAsync(ConvergenceSetup.Request());
        Func<Task> convergenceQuorum = () => quorum.RunAsync(ConvergenceSetup.Request());
        for (var i = 0; i < 2; i++)
        {
            _ = await TimeAsync(raw);
            _ = await TimeAsync(convergenceAll);
            _ = await TimeAsync(convergenceQuorum);
        }

        const int Rounds = 12;
        var r = new double[Rounds];
        var a = new double[Rounds];
        var q = new double[Rounds];
        for (var i = 0; i < Rounds; i++)
        {
            r[i] = await TimeAsync(raw);
            a[i] = await TimeAsync(convergenceAll);
            q[i] = await TimeAsync(convergenceQuorum);
        }

        var slowest = Panel.Slowest.TotalSeconds;
        var third = Panel.KthFastest(3).TotalSeconds;
        var rawMedian = Median(r);
        Console.WriteLine(
            $"fan-out: slowest {slowest * 1e3:0} ms; raw WhenAll {rawMedian * 1e3:0.0} ms; convergence all 8 {Median(a) * 1e3:0.0} ms " +
            $"(max {a.Max() * 1e3:0.0}); vs nominal slowest {Median(a) / slowest:0.000}");
        Console.WriteLine(
            $"quorum 3 of 8: 3rd fastest {third * 1e3:0} ms; convergence {Median(q) * 1e3:0.0} ms (max {q.Max() * 1e3:0.0}); " +
            $"vs 3rd fastest {Median(q) / third:0.000}");
        summary["fanout_ratio"] = F(Median(a) / rawMedian);
        summary["quorum_ratio"] = F(Median(q) / rawMedian);
        summary["quorum_ideal"] = F(third / slowest);
    }

    internal static async Task<(double SecondsPerOp, long BytesAllocated)> BatchAsync(Func<Task> operation, int count)
    {
        var bytes = GC.GetTotalAllocatedBytes(precise: false);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await operation();
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (elapsed / count, GC.GetTotalAllocatedBytes(precise: false) - bytes);
    }

    internal static async Task<double> TimeAsync(Func<Task> operation)
    {
        var started = Stopwatch.GetTimestamp();
        await operation();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    internal static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    internal static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
