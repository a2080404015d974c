using Convergence;
using Microsoft.Extensions.AI;

namespace Snippets;

public static class ResilienceSnippets
{
    public static IConvergencePipeline Tuned(IChatClient gpt, IChatClient localLlama)
    {
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(gpt, o => o.Name = "gpt")
            .AddExplorer(localLlama, o => o.Name = "llama")
            .Configure(o =>
            {
                o.Resilience.Timeout = TimeSpan.FromSeconds(45);
                o.Resilience.Roles["explorer"] = new ParticipantResilienceOptions { MaxRetryAttempts = 3 };
                o.Resilience.Participants["llama"] = new ParticipantResilienceOptions { Timeout = TimeSpan.FromMinutes(3), MaxRetryAttempts = 0 };
            })
            .Build();
        return pipeline;
    }

    public static void Failover(ConvergencePipelineBuilder builder, IChatClient openAi, IChatClient azureOpenAi)
    {
        builder.AddExplorer(openAi, o =>
        {
            o.Name = "gpt";
            o.Fallbacks.Add(new ParticipantFallback(azureOpenAi, provider: "azure-openai", model: "gpt-4o-mini"));
        });
    }

    public static void Deadlines(ConvergencePipelineBuilder builder) => builder.Configure(o =>
    {
        o.ExplorerQuorum = 2;
        o.Resilience.QuorumGracePeriod = TimeSpan.FromSeconds(20);
        o.Resilience.StageTimeouts[ConvergenceStageNames.Explore] = TimeSpan.FromMinutes(2);
        o.Resilience.RunTimeout = TimeSpan.FromMinutes(10);
    });

    public static async Task<ConvergenceResult> StoreAndResumeAsync(IChatClient gpt, IChatClient claude, IChatClient gemini, string task, CancellationToken cancellationToken)
    {
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(gpt).AddExplorer(claude).AddExplorer(gemini)
            .Configure(o => o.RunStore = new FileRunStore("/var/lib/convergence/runs")) // or register an IRunStore service
            .Build();

        var result = await pipeline.RunAsync(new ConvergenceRequest(task) { RunId = "review-42" }, cancellationToken);
        // …the process dies, or the run is cancelled…
        var resumed = await pipeline.ResumeAsync("review-42", cancellationToken);
        return resumed;
    }
}
