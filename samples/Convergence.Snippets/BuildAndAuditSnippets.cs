using System.Text.Json;
using Convergence;
using Microsoft.Extensions.AI;

namespace Snippets;

public static class BuildAndAuditSnippets
{
    public static async Task<string?> CommandVerifierExampleAsync(IChatClient gpt, IChatClient claude, IChatClient gemini, string repositoryDirectory)
    {
        // gpt, claude and gemini are IChatClients from any providers (OpenAI, Anthropic, Gemini's OpenAI-compatible endpoint, …).
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(gpt, o => { o.Name = "gpt"; o.Provider = "openai"; })
            .AddExplorer(claude, o => { o.Name = "claude"; o.Provider = "anthropic"; })
            .AddExplorer(gemini, o => { o.Name = "gemini"; o.Provider = "google"; })
            .AddBuilder(claude, o => { o.Name = "claude-builder"; o.Provider = "anthropic"; })
            .AddAuditor(gpt, o => { o.Name = "gpt-audit"; o.Provider = "openai"; })        // another provider than the builder's
            .AddAuditor(gemini, o => { o.Name = "gemini-audit"; o.Provider = "google"; })
            .Configure(o =>
            {
                o.Build.TopK = 2;
                o.Build.MaxIterations = 3;
                o.Build.Verifier = new CommandVerifier("bash", ["verify.sh", CommandVerifier.ArtifactPlaceholder])
                {
                    WorkingDirectory = repositoryDirectory,
                    Timeout = TimeSpan.FromMinutes(2),       // a hung test run is killed with its process tree; the attempt fails
                    ArtifactFileName = "artifact.py",
                };
                o.Build.SelectionMetric = "ms";              // with several builders: the fastest verified artifact wins
                o.Build.LowerMetricIsBetter = true;

                o.Audit.Policy.Quorum = AuditQuorum.Majority;
                o.Audit.Policy.VetoSeverity = RiskSeverity.Critical;
                o.Audit.Policy.MaxReviseRounds = 1;
                o.Audit.RequireIndependentAuditors = true;   // Build() throws if every builder shares a provider with an auditor
            })
            .Build();

        var result = await pipeline.RunAsync(new ConvergenceRequest(
            "Write slugify(text) in Python: lowercase, ASCII only, words joined by '-', at most 60 characters."));

        Console.WriteLine(result.Funnel);   // findings=11 candidates=4 built=2 verified=2 approved=1
        foreach (var c in result.Candidates.Where(c => c.Build is not null))
        {
            Console.WriteLine($"#{c.Rank} {c.Title}: {c.Status}, {c.Build!.Iterations} attempts, verified={c.Build.Verified}");
            foreach (var d in c.AuditDecisions)
            {
                Console.WriteLine($"   round {d.Round}: {d.Reason}");
            }
        }

        string? shipped = result.Candidates.FirstOrDefault(c => c.Status == CandidateStatus.Approved)?.Build?.Artifact;
        return shipped;
    }
}

public sealed class JsonVerifier : IBuildVerifier
{
    public Task<VerificationResult> VerifyAsync(BuildArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        try
        {
            using var document = JsonDocument.Parse(artifact.Content);
            var keys = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.EnumerateObject().Count() : 0;
            return Task.FromResult(VerificationResult.Pass("valid JSON", new Dictionary<string, double> { ["keys"] = keys }));
        }
        catch (JsonException ex)
        {
            return Task.FromResult(VerificationResult.Fail($"Not valid JSON: {ex.Message}"));   // the builder sees this next time
        }
    }
}
