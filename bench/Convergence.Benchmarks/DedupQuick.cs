using System.Diagnostics;
using System.Globalization;
using Convergence.Benchmarks.Dedup;

namespace Convergence.Benchmarks;

/// <summary>
/// (d) Dedup scaling in quick mode. Each (method, size) runs in a child process (<c>dedup-one METHOD N</c>) with a time limit, so a
/// method that does not scale cannot blow the quick mode's budget, and each measurement gets a clean heap and its own peak memory.
/// </summary>
public static class DedupQuick
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(25);

    public static void Measure(Dictionary<string, string> summary)
    {
        var lexical = Scale(DedupMethods.Lexical, [1_000, 10_000, 100_000]);
        if (lexical.TryGetValue(10_000, out var l10) && lexical.TryGetValue(100_000, out var l100))
        {
            summary["dedup_growth"] = QuickMode.F(Growth(l10.Seconds, l100.Seconds));
            summary["lexical_100k_s"] = QuickMode.F(l100.Seconds);
        }

        var semantic = Scale(DedupMethods.Semantic, [1_000, 10_000, 100_000]);
        if (semantic.TryGetValue(10_000, out var s10) && semantic.TryGetValue(100_000, out var s100))
        {
            summary["semantic_growth"] = QuickMode.F(Growth(s10.Seconds, s100.Seconds));
        }

        _ = Scale(DedupMethods.Naive, [1_000, 10_000]);
    }

    /// <summary>The child process: one measurement, printed as one <c>key=value</c> line.</summary>
    public static int RunOne(string method, int n)
    {
        // Warm up on a small set first (JIT), then measure once on a clean heap.
        var small = FindingSet.Create(500, seed: 1);
        if (DedupMethods.Create(method, small) is not { } warm)
        {
            Console.WriteLine("unavailable=1");
            return 0;
        }

        _ = warm.SynthesizeAsync(new SynthesisRequest(small.Candidates(), FindingSet.Panel, "dedup")).GetAwaiter().GetResult();
        var set = FindingSet.Create(n);
        var synthesizer = DedupMethods.Create(method, set)!;
        var request = new SynthesisRequest(set.Candidates(), FindingSet.Panel, "dedup");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var inputBytes = set.Bytes + DedupMethods.ExtraInputBytes(method, set);
        using var sampler = new PeakSampler();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var result = synthesizer.SynthesizeAsync(request).GetAwaiter().GetResult();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var peak = sampler.Stop();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"seconds={seconds:0.0000} cpu_seconds={cpuSeconds:0.0000} clusters={result.Candidates.Count} defects={set.Defects} input_bytes={inputBytes} heap_before={heapBefore} peak_extra={Math.Max(0, peak - heapBefore)} allocated={allocated}"));
        return 0;
    }

    internal static double Growth(double small, double large) => Math.Log(large / small) / Math.Log(10);

    private static Dictionary<int, Result> Scale(string method, int[] sizes)
    {
        var results = new Dictionary<int, Result>();
        if (!DedupMethods.IsAvailable(method))
        {
            Console.WriteLine($"dedup {method}: not in this build of Convergence (lands with the synthesis work); skipped");
            return results;
        }

        Result? previous = null;
        int previousN = 0;
        double growth = 2;
        foreach (var n in sizes)
        {
            if (previous is not null)
            {
                // Skip a size that would take far longer than the limit at the growth seen so far (at least linear).
                var projected = previous.Seconds * Math.Pow((double)n / previousN, Math.Max(1, growth));
                if (projected > 3 * Limit.TotalSeconds)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dedup {method} {n / 1000}k: skipped, projected {projected:0} s at growth {growth:0.00}"));
                    break;
                }
            }

            var result = RunChild(method, n);
            if (result is null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dedup {method} {n / 1000}k: over the {Limit.TotalSeconds:0} s limit (stopped)"));
                break;
            }

            if (previous is not null)
            {
                growth = Math.Log(result.Seconds / previous.Seconds) / Math.Log((double)n / previousN);
            }

            var growthText = previous is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", growth from {previousN / 1000}k {growth:0.00}");
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"dedup {method} {n / 1000}k: {result.Seconds:0.000} s, {result.Clusters} clusters for {result.Defects} defects, input {result.InputBytes / 1048576.0:0.0} MB, peak extra heap {result.PeakExtra / 1048576.0:0.0} MB (peak/input {(result.InputBytes + result.PeakExtra) / (double)result.InputBytes:0.00}){growthText}"));
            results[n] = result;
            previous = result;
            previousN = n;
        }

        return results;
    }

    private static Result? RunChild(string method, int n)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };

        // Fully optimised code from the first call: with tiered compilation a short-lived child runs much of a 10k measurement in
        // unoptimised code, which inflates the small size and makes every growth exponent look better than it is.
        info.Environment["DOTNET_TieredCompilation"] = "0";
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            info.ArgumentList.Add(typeof(DedupQuick).Assembly.Location);
        }

        info.ArgumentList.Add("dedup-one");
        info.ArgumentList.Add(method);
        info.ArgumentList.Add(n.ToString(CultureInfo.InvariantCulture));
        using var child = Process.Start(info)!;
        var output = child.StandardOutput.ReadToEndAsync();
        if (!child.WaitForExit(Limit + TimeSpan.FromSeconds(10)))
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
            return null;
        }

        var line = output.GetAwaiter().GetResult().Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        var values = line.Split(' ').Select(static p => p.Split('=')).Where(static p => p.Length == 2).ToDictionary(static p => p[0], static p => p[1]);
        return values.TryGetValue("seconds", out var seconds)
            ? new Result(
                double.Parse(seconds, CultureInfo.InvariantCulture),
                int.Parse(values["clusters"], CultureInfo.InvariantCulture),
                int.Parse(values["defects"], CultureInfo.InvariantCulture),
                long.Parse(values["input_bytes"], CultureInfo.InvariantCulture),
                long.Parse(values["peak_extra"], CultureInfo.InvariantCulture))
            : null;
    }

    private sealed record Result(double Seconds, int Clusters, int Defects, long InputBytes, long PeakExtra);

    /// <summary>Polls the managed heap size every millisecond: an upper bound of the live peak (garbage not yet collected counts too).</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Thread _thread;
        private long _peak;
        private volatile bool _stop;

        public PeakSampler()
        {
            _peak = GC.GetTotalMemory(forceFullCollection: false);
            _thread = new Thread(Poll) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
            _thread.Start();
        }

        public long Stop()
        {
            _stop = true;
            _thread.Join();
            return Math.Max(Interlocked.Read(ref _peak), GC.GetTotalMemory(forceFullCollection: false));
        }

        public void Dispose() => _stop = true;

        private void Poll()
        {
            while (!_stop)
            {
                var now = GC.GetTotalMemory(forceFullCollection: false);
                if (now > Interlocked.Read(ref _peak))
                {
                    _ = Interlocked.Exchange(ref _peak, now);
                }

                Thread.Sleep(1);
            }
        }
    }
}
