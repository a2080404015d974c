using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>Builds what an auditor is sent: the task, and the candidate, artifact and verification evidence as anonymised data.</summary>
internal static class AuditorPrompt
{
    private const string SchemaJson = """
        {
          "type": "object",
          "properties": {
            "verdict": { "type": "string", "enum": ["approve", "revise", "reject"] },
            "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
            "risks": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "severity": { "type": "string", "enum": ["low", "medium", "high", "critical"] },
                  "description": { "type": "string" }
                },
                "required": ["severity", "description"],
                "additionalProperties": false
              }
            }
          },
          "required": ["verdict", "risks"],
          "additionalProperties": false
        }
        """;

    private static readonly JsonElement Schema = JsonDocument.Parse(SchemaJson).RootElement.Clone();

    public static ChatResponseFormat SchemaFormat { get; } =
        ChatResponseFormat.ForJsonSchema(Schema, "audit_verdict", "An auditor's verdict on an artifact.");

    public static List<ChatMessage> CreateMessages(AuditOptions options, Participant auditor, ConvergenceRequest request, Candidate candidate, BuildOutcome build)
    {
        var data = new PromptData();
        var user = new StringBuilder(1024);
        _ = PromptData.AppendTask(user, request);
        _ = user.Append("Candidate that was implemented:\n");
        _ = data.AppendBlock(user, "Candidate", PromptData.Describe(candidate));
        _ = user.Append("\nArtifact to audit:\n");
        _ = data.AppendBlock(user, "Artifact", build.Artifact ?? string.Empty);

        var verification = build.Attempts.LastOrDefault(a => a.Passed && a.Artifact == build.Artifact)?.Verification;
        var evidence = new StringBuilder("The verifier passed the artifact.");
        if (verification is not null)
        {
            if (verification.Metrics.Count > 0)
            {
                _ = evidence.Append("\nMetrics: ").Append(PromptData.FormatMetrics(verification.Metrics));
            }

            if (!string.IsNullOrWhiteSpace(verification.Feedback))
            {
                _ = evidence.Append("\nOutput:\n").Append(verification.Feedback);
            }
        }

        _ = user.Append("\nVerification evidence:\n");
        _ = data.AppendBlock(user, "Verifier", evidence.ToString());
        _ = user.Append("\nReply with the verdict JSON only.");

        return
        [
            new(ChatRole.System, data.Instructions(options.Instructions, auditor)),
            new(ChatRole.User, user.ToString()),
        ];
    }

    public static ChatOptions CreateOptions(AuditOptions options, Participant auditor, ConvergenceRequest request) =>
        PromptData.CreateOptions(auditor, request, options.ResponseFormat switch
        {
            FindingsResponseFormat.JsonSchema => SchemaFormat,
            FindingsResponseFormat.Json => ChatResponseFormat.Json,
            _ => null,
        });
}
