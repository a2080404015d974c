using BenchmarkDotNet.Attributes;
using Convergence.Benchmarks.Fixtures;
using Microsoft.Extensions.AI;

namespace Convergence.Benchmarks;

/// <summary>
/// (a) Pipeline overhead with instant clients: 8 explorers × 25 findings, explore then synthesize, against the same
/// fan-out/fan-in on Microsoft Agent Framework (<c>AgentWorkflowBuilder.BuildConcurrent</c> over the same clients as agents).
/// The clients answer at once, so everything measured is what the frameworks add.
/// </summary>
[MemoryDiagnoser]
public class OverheadBenchmarks
{
    private IConvergencePipeline _pipeline = null!;
    private IConvergencePipeline _exploreOnly = null!;
    private AgentFrameworkSetup _agentFramework = null!;

    [GlobalSetup]
    public void Setup()
    {
        IChatClient[] clients = Panel.CreateClients();
        _pipeline = ConvergenceSetup.Create(clients);
        _exploreOnly = ConvergenceSetup.Create(clients, synthesizer: new PassThroughSynthesizer());
        _agentFramework = new AgentFrameworkSetup(clients);
        _ = ConvergenceSetup.RunCheckedAsync(_pipeline, Panel.Explorers).GetAwaiter().GetResult();
        _ = _agentFramework.RunCheckedAsync().GetAwaiter().GetResult();
    }

    /// <summary>Agent Framework: the concurrent workflow, then the same parsing and synthesis Convergence does.</summary>
    [Benchmark(Baseline = true)]
    public Task<SynthesisResult> AgentFramework_FanOutFanInSynthesize() => _agentFramework.RunAsync();

    /// <summary>Agent Framework's workflow alone: fan-out and fan-in of the replies, no parsing or synthesis.</summary>
    [Benchmark]
    public Task<List<ChatMessage>> AgentFramework_WorkflowOnly() => _agentFramework.RunWorkflowAsync();

    /// <summary>Convergence: explore (with parsing, resilience, reports) then synthesize (exact dedup and consensus).</summary>
    [Benchmark]
    public Task<ConvergenceResult> Convergence_ExploreSynthesize() => _pipeline.RunAsync(ConvergenceSetup.Request());

    /// <summary>Convergence with a synthesizer that does nothing: the explore stage and the pipeline's per-run cost.</summary>
    [Benchmark]
    public Task<ConvergenceResult> Convergence_ExploreOnly() => _exploreOnly.RunAsync(ConvergenceSetup.Request());
}

/// <summary>Returns the candidates unchanged, to measure everything but synthesis.</summary>
public sealed class PassThroughSynthesizer : ISynthesizer
{
    public Task<SynthesisResult> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new SynthesisResult(request.Candidates));
}
