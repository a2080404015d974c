using Convergence;
using Convergence.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Snippets;

public static class GettingStarted
{
    public static async Task<ConvergenceResult> FirstRunAsync(IChatClient openAI, IChatClient anthropic, IChatClient gemini)
    {
        IConvergencePipeline pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(openAI, o => o.Name = "gpt")
            .AddExplorer(anthropic, o => o.Name = "claude")
            .AddExplorer(gemini, o => { o.Name = "gemini"; o.Instructions = "Focus on concurrency."; })
            .Build();

        ConvergenceResult result = await pipeline.RunAsync(new ConvergenceRequest("Review this method for defects.")
        {
            Context = File.ReadAllText("UserRepository.cs"),
        });

        foreach (Candidate candidate in result.Candidates)
        {
            Console.WriteLine($"{candidate.Rank}. {candidate.Title} ({candidate.DistinctProviders} providers, score {candidate.Score:0.00})");
        }

        return result;
    }

    public static void RegisterInDependencyInjection(IServiceCollection services, IChatClient openAI, IChatClient anthropic)
    {
        services.AddKeyedChatClient("gpt", openAI);
        services.AddKeyedChatClient("claude", anthropic);

        services.AddConvergencePipeline()
            .AddKeyedExplorer("gpt")
            .AddKeyedExplorer("claude")
            .Configure(options => options.ExplorerQuorum = 2);
    }

    public static async Task StreamAsync(IConvergencePipeline pipeline, CancellationToken cancellationToken)
    {
        await foreach (ConvergenceEvent e in pipeline.RunStreamingAsync(new ConvergenceRequest("Find the bug."), cancellationToken))
        {
            switch (e)
            {
                case ParticipantCompletedEvent completed:
                    Console.WriteLine($"{completed.Report.Name}: {completed.Report.FindingCount} findings in {completed.Report.Latency.TotalSeconds:0.0}s");
                    break;
                case ParticipantFailedEvent failed:
                    Console.WriteLine($"{failed.Report.Name} failed: {failed.Report.Error}");
                    break;
                case RunCompletedEvent done:
                    Console.WriteLine($"{done.Result.Candidates.Count} candidates, status {done.Result.Status}");
                    break;
            }
        }
    }

    public static async Task<ConvergenceResult> TestYourPipelineAsync()
    {
        var gpt = new ScriptedChatClient("openai", "gpt-4o-mini")
            .Reply("""{"findings": [{"title": "SQL injection", "detail": "query built by concatenation"}]}""");
        var claude = new ScriptedChatClient("anthropic", "claude-sonnet-4-5")
            .Throw(new HttpRequestException("429 Too Many Requests"));

        ConvergenceResult result = await new ConvergencePipelineBuilder()
            .AddExplorer(gpt)
            .AddExplorer(claude)
            .Build()
            .RunAsync(new ConvergenceRequest("Review it."));

        // result.Status == RunStatus.Partial; the failure is on claude's report, gpt's finding is intact.
        return result;
    }
}
