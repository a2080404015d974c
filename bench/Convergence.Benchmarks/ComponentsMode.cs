using Convergence.Benchmarks.Fixtures;
using Microsoft.Extensions.AI;

namespace Convergence.Benchmarks;

/// <summary>Where a run's time and allocations go, piece by piece (instant clients): <c>-- components</c>.</summary>
public static class ComponentsMode
{
    public static async Task<int> RunAsync()
    {
        IChatClient[] clients = Panel.CreateClients();
        var full = ConvergenceSetup.Create(clients);
        var exploreOnly = ConvergenceSetup.Create(clients, synthesizer: new PassThroughSynthesizer());
        var noResilience = new ConvergencePipelineBuilder();
        for (var i = 0; i < clients.Length; i++)
        {
            var name = $"explorer{i}";
            _ = noResilience.AddExplorer(clients[i], o => o.Name = name);
        }

        var bare = noResilience.UseSynthesizer(new PassThroughSynthesizer()).Configure(o => o.Resilience.Enabled = false).Build();
        var result = await full.RunAsync(ConvergenceSetup.Request());
        var findings = result.Findings;
        var panel = result.Participants.Select(static p => new ParticipantIdentity(p.Name, p.Provider, p.Model)).ToArray();
        var exact = new ExactDedupSynthesizer();
        var consensus = new ConsensusSynthesizer();
        var merged = (await exact.SynthesizeAsync(new SynthesisRequest([.. findings.Select(Candidate.FromFinding)], panel, Panel.Task))).Candidates;

        await ReportAsync("pipeline, explore only", () => exploreOnly.RunAsync(ConvergenceSetup.Request()));
        await ReportAsync("pipeline, explore only, resilience off", () => bare.RunAsync(ConvergenceSetup.Request()));
        await ReportAsync("200 x Candidate.FromFinding", () =>
        {
            foreach (var f in findings)
            {
                _ = Candidate.FromFinding(f);
            }

            return Task.CompletedTask;
        });
        await ReportAsync("exact dedup, 200 findings", () => exact.SynthesizeAsync(new SynthesisRequest([.. findings.Select(Candidate.FromFinding)], panel, Panel.Task)));
        await ReportAsync($"consensus, {merged.Count} candidates", () => consensus.SynthesizeAsync(new SynthesisRequest(merged, panel, Panel.Task)));
        var maf = new AgentFrameworkSetup(clients);
        var mafMessages = await maf.RunWorkflowAsync();
        await ReportAsync("agent framework, workflow only", () => maf.RunWorkflowAsync());
        await ReportAsync("agent framework, parse + synthesize only", () => maf.SynthesizeAsync(mafMessages));
        await ReportAsync("agent framework, whole job", () => maf.RunAsync());
        var exactOnly = ConvergenceSetup.Create(clients, synthesizer: exact);
        var consensusOnly = ConvergenceSetup.Create(clients, synthesizer: consensus);
        await ReportAsync("pipeline, explore + exact", () => exactOnly.RunAsync(ConvergenceSetup.Request()));
        await ReportAsync("pipeline, explore + consensus (200 candidates)", () => consensusOnly.RunAsync(ConvergenceSetup.Request()));
        await ReportAsync("pipeline, explore + exact + consensus", () => full.RunAsync(ConvergenceSetup.Request()));
        return 0;
    }

    private static async Task ReportAsync(string name, Func<Task> operation)
    {
        _ = await QuickMode.BatchAsync(operation, 300);
        var times = new double[15];
        long bytes = 0;
        for (var i = 0; i < times.Length; i++)
        {
            var (t, b) = await QuickMode.BatchAsync(operation, 50);
            times[i] = t;
            bytes += b;
        }

        Console.WriteLine($"{name,-45} {QuickMode.Median(times) * 1e6,9:0.0} us {bytes / (times.Length * 50) / 1024.0,9:0.0} KB");
    }
}
