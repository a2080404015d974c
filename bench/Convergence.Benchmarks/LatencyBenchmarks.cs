using BenchmarkDotNet.Attributes;
using Convergence.Benchmarks.Fixtures;
using Microsoft.Extensions.AI;

namespace Convergence.Benchmarks;

/// <summary>
/// (b) Fan-out latency and (c) early quorum: 8 explorers with fixed simulated latencies of 50 to 200 ms. The baseline is the
/// physical limit measured the same way: the same 8 calls awaited with <see cref="Task.WhenAll(Task[])"/> and nothing else.
/// </summary>
/// <remarks>Run in process (<c>--inProcess</c>): each operation takes 50 to 200 ms, and the in-process job measures it as well as a separate process would.</remarks>
[MemoryDiagnoser]
public class LatencyBenchmarks
{
    private BenchChatClient[] _clients = null!;
    private IConvergencePipeline _all = null!;
    private IConvergencePipeline _quorum = null!;
    private List<ChatMessage> _messages = null!;

    [GlobalSetup]
    public void Setup()
    {
        _clients = Panel.CreateClients(Panel.Latencies);
        _all = ConvergenceSetup.Create(_clients);
        _quorum = ConvergenceSetup.Create(_clients, quorum: 3, gracePeriod: TimeSpan.Zero);
        _messages = [new(ChatRole.User, Panel.Task)];
        _ = ConvergenceSetup.RunCheckedAsync(_all, Panel.Explorers).GetAwaiter().GetResult();
        _ = ConvergenceSetup.RunCheckedAsync(_quorum, 3).GetAwaiter().GetResult();
    }

    /// <summary>The slowest explorer's latency, as this machine delivers it: the 8 calls, awaited together, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public Task<ChatResponse[]> Raw_WhenAll() => Task.WhenAll(_clients.Select(c => c.GetResponseAsync(_messages)));

    /// <summary>The 3rd-fastest explorer's latency as this machine delivers it: the ideal of a quorum of 3.</summary>
    [Benchmark]
    public async Task Raw_ThirdFastest()
    {
        var calls = _clients.Select(c => c.GetResponseAsync(_messages)).ToList();
        for (var i = 0; i < 3; i++)
        {
            _ = calls.Remove(await Task.WhenAny(calls));
        }
    }

    /// <summary>(b) Convergence waits for all 8, then synthesizes.</summary>
    [Benchmark]
    public Task<ConvergenceResult> Convergence_FanOut8() => _all.RunAsync(ConvergenceSetup.Request());

    /// <summary>(c) Quorum 3 of 8 with no grace period: stragglers are cancelled as soon as 3 have answered.</summary>
    [Benchmark]
    public Task<ConvergenceResult> Convergence_Quorum3of8() => _quorum.RunAsync(ConvergenceSetup.Request());
}
