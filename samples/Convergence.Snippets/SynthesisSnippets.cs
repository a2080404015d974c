using System.Text.RegularExpressions;
using Convergence;
using Convergence.Embeddings.Local;
using Microsoft.Extensions.AI;

namespace Snippets;

public static class SynthesisSnippets
{
    public static IConvergencePipeline SemanticPipeline(IChatClient gpt, IChatClient claude, IChatClient gemini)
    {
        // Namespaces: Convergence, and Convergence.Embeddings.Local (package Convergence.Embeddings.Local: offline all-MiniLM-L6-v2).
        var embeddings = new MiniLmEmbeddingGenerator();          // loads the model lazily, once; share one instance
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(gpt).AddExplorer(claude).AddExplorer(gemini)
            .UseSynthesizer(new CompositeSynthesizer(
                new SemanticDedupSynthesizer(embeddings),          // the same idea in different words is one candidate
                new ConsensusSynthesizer()))                       // ranked by independent support
            .Build();
        return pipeline;
    }

    public static ConsensusSynthesizer Calibrated(IEnumerable<LabelledQuestion> items)
    {
        var history = items.Select(i => new CalibrationItem(i.Gold,
            i.Answers.Select(a => new CalibrationAnswer(a.Participant, a.Letter)).ToArray()));   // null/empty = abstained
        ReliabilityProfile profile = new ReliabilityCalibrator().Fit(history);
        var consensus = new ConsensusSynthesizer(new() { Reliability = profile });
        return consensus;
    }

    public static ISynthesizer Custom()
    {
        // Dedup by rule id, then rank by independent support.
        var synthesizer = new CompositeSynthesizer(new RuleIdDedupSynthesizer(), new ConsensusSynthesizer());
        return synthesizer;
    }
}

/// <summary>A labelled question of calibration history, as an application might store it.</summary>
public sealed record LabelledQuestion(string Gold, IReadOnlyList<RecordedAnswer> Answers);

/// <summary>One participant's recorded answer (null when it abstained).</summary>
public sealed record RecordedAnswer(ParticipantIdentity Participant, string? Letter);

// using System.Text.RegularExpressions;
public sealed partial class RuleIdDedupSynthesizer : ISynthesizer
{
    public Task<SynthesisResult> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var groups = new Dictionary<string, List<Candidate>>(StringComparer.OrdinalIgnoreCase);
        var order = new List<List<Candidate>>();
        foreach (var candidate in request.Candidates)
        {
            var match = RuleId().Match(candidate.Title);
            var key = match.Success ? match.Value : "\0" + candidate.Id;   // no rule id: keep it on its own
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
                order.Add(group);
            }

            group.Add(candidate);
        }

        // Union of findings (supporters and distinct providers follow from them); first member represents the group.
        var merged = order.Select(g => g[0] with { Findings = g.SelectMany(c => c.Findings).ToArray() }).ToArray();
        return Task.FromResult(new SynthesisResult(merged));
    }

    [GeneratedRegex(@"\[[A-Z]{2,}\d+\]")]
    private static partial Regex RuleId();
}
