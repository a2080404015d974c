using System.Text;
using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>What a builder was given to revise: its earlier artifact and the feedback on it (verifier output, or auditors' risks).</summary>
internal sealed record BuildFeedback(string? PreviousArtifact, string? VerifierFeedback, IReadOnlyList<(string Label, string Text)> AuditorFeedback);

/// <summary>Builds what a builder is sent: the task, the candidate and its supporting findings as anonymised data, and any feedback.</summary>
internal static class BuilderPrompt
{
    public static List<ChatMessage> CreateMessages(BuildOptions options, Participant builder, ConvergenceRequest request, Candidate candidate, BuildFeedback? feedback)
    {
        var data = new PromptData();
        var user = new StringBuilder(1024);
        _ = PromptData.AppendTask(user, request);

        _ = user.Append("Candidate to implement:\n");
        _ = data.AppendBlock(user, "Candidate", PromptData.Describe(candidate));

        // Supporters are labelled by order of first finding; their names, providers and models are never shown.
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (candidate.Findings.Count > 0)
        {
            _ = user.Append("\nSupporting findings from independent explorers:\n");
            foreach (var finding in candidate.Findings)
            {
                if (!labels.TryGetValue(finding.Source.Name, out var label))
                {
                    label = PromptData.Label("Explorer", labels.Count);
                    labels.Add(finding.Source.Name, label);
                }

                var text = string.IsNullOrWhiteSpace(finding.Detail) ? finding.Title : $"{finding.Title}\n{finding.Detail}";
                _ = data.AppendBlock(user, label, text);
            }
        }

        if (feedback?.PreviousArtifact is { } previous)
        {
            _ = user.Append("\nYour previous artifact:\n");
            _ = data.AppendBlock(user, "Previous artifact", previous);
        }

        if (feedback?.AuditorFeedback is { Count: > 0 } auditors)
        {
            _ = user.Append("\nIndependent auditors asked for a revision of it. Their risks:\n");
            foreach (var (label, text) in auditors)
            {
                _ = data.AppendBlock(user, label, text);
            }
        }

        if (feedback?.VerifierFeedback is { } verifier)
        {
            _ = user.Append("\nThe verifier did not accept it. Its feedback:\n");
            _ = data.AppendBlock(user, "Verifier", verifier);
        }

        _ = user.Append(feedback is null
            ? "\nReply with the artifact only."
            : "\nReply with the complete corrected artifact only.");

        return
        [
            new(ChatRole.System, data.Instructions(options.Instructions, builder)),
            new(ChatRole.User, user.ToString()),
        ];
    }

    /// <summary>Unwraps a reply that is exactly one fenced code block.</summary>
    public static string ExtractArtifact(string reply, bool stripCodeFence)
    {
        if (!stripCodeFence)
        {
            return reply;
        }

        var trimmed = reply.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6)
        {
            return reply;
        }

        var firstNewLine = trimmed.IndexOf('\n');
        var closing = trimmed.Length - 3;
        if (firstNewLine < 0 || firstNewLine >= closing || trimmed.IndexOf("```", firstNewLine, StringComparison.Ordinal) != closing)
        {
            return reply;
        }

        return trimmed[(firstNewLine + 1)..closing];
    }
}
