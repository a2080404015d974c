using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>Builds what an explorer is sent: the instructions, the task and its context, and the response format.</summary>
internal static class ExplorerPrompt
{
    private const string SchemaJson = """
        {
          "type": "object",
          "properties": {
            "findings": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "title": { "type": "string", "description": "A short name for the finding." },
                  "detail": { "type": "string", "description": "What was found and why it matters." },
                  "confidence": { "type": "number", "minimum": 0, "maximum": 1, "description": "How sure you are, from 0 to 1." }
                },
                "required": ["title", "detail"],
                "additionalProperties": false
              }
            }
          },
          "required": ["findings"],
          "additionalProperties": false
        }
        """;

    private static readonly JsonElement Schema = JsonDocument.Parse(SchemaJson).RootElement.Clone();

    /// <summary>Gets the response format that asks for the findings JSON schema.</summary>
    public static ChatResponseFormat SchemaFormat { get; } =
        ChatResponseFormat.ForJsonSchema(Schema, "findings", "The findings an explorer reports.");

    public static List<ChatMessage> CreateMessages(ExploreOptions options, Participant participant, ConvergenceRequest request)
    {
        var instructions = string.IsNullOrWhiteSpace(participant.Instructions)
            ? options.Instructions
            : string.Concat(options.Instructions, "\n\n", participant.Instructions);

        var user = new StringBuilder(request.Task.Length + (request.Context?.Length ?? 0) + 64);
        _ = user.Append("Task:\n").Append(request.Task);
        if (!string.IsNullOrWhiteSpace(request.Context))
        {
            _ = user.Append("\n\nContext:\n").Append(request.Context);
        }

        return
        [
            new(ChatRole.System, instructions),
            new(ChatRole.User, user.ToString()),
        ];
    }

    /// <summary>Clones the participant's (or else the request's) options, so the caller's instance is never mutated.</summary>
    public static ChatOptions CreateOptions(ExploreOptions options, Participant participant, ConvergenceRequest request)
    {
        var chatOptions = (participant.Options ?? request.Options)?.Clone() ?? new ChatOptions();
        if (participant.SendModelId)
        {
            chatOptions.ModelId ??= participant.Model;
        }

        chatOptions.ResponseFormat ??= options.ResponseFormat switch
        {
            FindingsResponseFormat.JsonSchema => SchemaFormat,
            FindingsResponseFormat.Json => ChatResponseFormat.Json,
            _ => null,
        };

        return chatOptions;
    }
}
