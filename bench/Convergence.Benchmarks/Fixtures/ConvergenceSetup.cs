using Microsoft.Extensions.AI;

namespace Convergence.Benchmarks.Fixtures;

/// <summary>Builds the Convergence pipeline under test: explore then synthesize, with the library's defaults unless told otherwise.</summary>
public static class ConvergenceSetup
{
    public static IConvergencePipeline Create(IReadOnlyList<IChatClient> clients, int quorum = 1, TimeSpan? gracePeriod = null, ISynthesizer? synthesizer = null)
    {
        var builder = new ConvergencePipelineBuilder();
        for (var i = 0; i < clients.Count; i++)
        {
            var name = $"explorer{i}";
            _ = builder.AddExplorer(clients[i], o => o.Name = name);
        }

        if (synthesizer is not null)
        {
            _ = builder.UseSynthesizer(synthesizer);
        }

        _ = builder.Configure(o =>
        {
            o.ExplorerQuorum = quorum;
            o.Resilience.QuorumGracePeriod = gracePeriod;
        });
        return builder.Build();
    }

    public static ConvergenceRequest Request() => new(Panel.Task);

    /// <summary>Runs once and checks the result, so a benchmark never measures a broken run.</summary>
    public static async Task<ConvergenceResult> RunCheckedAsync(IConvergencePipeline pipeline, int expectedSucceeded)
    {
        var result = await pipeline.RunAsync(Request());
        var succeeded = result.Participants.Count(static p => p.Status == ParticipantStatus.Succeeded);
        if (result.Status == RunStatus.Failed || succeeded < expectedSucceeded || result.Candidates.Count == 0)
        {
            throw new InvalidOperationException(
                $"The Convergence run is not what the benchmark expects: status {result.Status}, {succeeded} explorers succeeded, " +
                $"{result.Candidates.Count} candidates. Warnings: {string.Join(" | ", result.Warnings)}");
        }

        return result;
    }
}
