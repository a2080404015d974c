using System.Diagnostics;
using Convergence;
using Microsoft.Extensions.AI;

namespace Snippets;

public static class PipelineSnippets
{
    public static IConvergencePipeline Middleware(IChatClient gpt, IChatClient claude) =>
        new ConvergencePipelineBuilder()
            .AddExplorer(gpt)
            .AddExplorer(claude)
            // Inline middleware: runs around every stage; the first added is the outermost.
            .Use(async (context, next, cancellationToken) =>
            {
                var started = Stopwatch.GetTimestamp();
                await next(context, cancellationToken);
                Console.WriteLine($"{context.CurrentStage} took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
            })
            // A reusable stage decorator, in the shape of DelegatingChatClient.
            .Use(inner => new SkipSynthesisWhenNothingFound(inner))
            .Build();

    public static IConvergencePipeline Options(IChatClient gpt, IChatClient claude, IChatClient gemini) =>
        new ConvergencePipelineBuilder()
            .AddExplorer(gpt)
            .AddExplorer(claude)
            .AddExplorer(gemini)
            .UseSynthesizer(new CompositeSynthesizer(
                new ExactDedupSynthesizer(),
                new ConsensusSynthesizer(new ConsensusSynthesizerOptions { Independence = VoteIndependence.PerModel })))
            .Configure(options =>
            {
                options.ExplorerQuorum = 2;
                options.Explore.MaxDegreeOfParallelism = 8;
                options.Explore.ResponseFormat = FindingsResponseFormat.Prompt; // for servers that reject response_format
            })
            .Build();
}

public sealed class SkipSynthesisWhenNothingFound(IConvergenceStage inner) : DelegatingConvergenceStage(inner)
{
    public override Task RunAsync(ConvergenceContext context, CancellationToken cancellationToken) =>
        Name == ConvergenceStageNames.Synthesize && context.Findings.Count == 0
            ? Task.CompletedTask
            : base.RunAsync(context, cancellationToken);
}

/// <summary>A custom synthesizer: keeps only candidates that at least two providers support, and says what it dropped.</summary>
public sealed class CorroboratedOnlySynthesizer : ISynthesizer
{
    public Task<SynthesisResult> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kept = request.Candidates.Where(c => c.DistinctProviders >= 2).ToList();
        var dropped = request.Candidates.Count - kept.Count;
        IReadOnlyList<string> warnings = dropped == 0 ? [] : [$"{dropped} single-provider candidates were left out."];
        return Task.FromResult(new SynthesisResult(kept, warnings));
    }
}

public static class CustomSynthesizerUsage
{
    public static IConvergencePipeline Build(IChatClient gpt, IChatClient claude) =>
        new ConvergencePipelineBuilder()
            .AddExplorer(gpt)
            .AddExplorer(claude)
            .UseSynthesizer(new CompositeSynthesizer(
                new ExactDedupSynthesizer(),          // merge the same finding in different casing/punctuation
                new CorroboratedOnlySynthesizer(),    // your rule
                new ConsensusSynthesizer()))          // rank what is left by independent support
            .Build();
}
