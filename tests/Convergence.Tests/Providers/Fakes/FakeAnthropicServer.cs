using System.Net;
using System.Text.Json;

namespace Convergence.Tests.Providers.Fakes;

/// <summary>The Anthropic Messages protocol: <c>POST /v1/messages</c>, JSON or named server-sent events.</summary>
public sealed class FakeAnthropicServer : FakeModelServer
{
    protected override bool IsChatPath(string path) => path == "/v1/messages";

    protected override string ContentType(bool stream) => stream ? "text/event-stream" : "application/json";

    protected override IEnumerable<string> Render(RecordedRequest request, FakeReply reply, bool stream)
    {
        var model = request.Model ?? "unknown";
        if (!stream)
        {
            yield return JsonSerializer.Serialize(new
            {
                id = "msg_fake",
                type = "message",
                role = "assistant",
                model,
                content = new[] { new { type = "text", text = reply.Text } },
                stop_reason = "end_turn",
                stop_sequence = (string?)null,
                usage = new { input_tokens = reply.InputTokens, output_tokens = reply.OutputTokens },
            });
            yield break;
        }

        // As the API does: message_start carries the input tokens (and a first output token), message_delta the cumulative output.
        yield return Event("message_start", new
        {
            type = "message_start",
            message = new
            {
                id = "msg_fake",
                type = "message",
                role = "assistant",
                model,
                content = Array.Empty<object>(),
                stop_reason = (string?)null,
                stop_sequence = (string?)null,
                usage = new { input_tokens = reply.InputTokens, output_tokens = 1 },
            },
        });
        yield return Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = string.Empty } });
        foreach (var piece in Chunks.Split(reply.Text))
        {
            yield return Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = piece } });
        }

        yield return Event("content_block_stop", new { type = "content_block_stop", index = 0 });
        yield return Event("message_delta", new
        {
            type = "message_delta",
            delta = new { stop_reason = "end_turn", stop_sequence = (string?)null },
            usage = new { output_tokens = reply.OutputTokens },
        });
        yield return Event("message_stop", new { type = "message_stop" });
    }

    protected override string RenderError(HttpStatusCode status) => JsonSerializer.Serialize(new
    {
        type = "error",
        error = new
        {
            type = status == HttpStatusCode.TooManyRequests ? "rate_limit_error" : "api_error",
            message = status == HttpStatusCode.TooManyRequests ? "Number of requests has exceeded your rate limit." : "Internal server error.",
        },
    });

    private static string Event(string name, object payload) => $"event: {name}\ndata: {JsonSerializer.Serialize(payload)}\n\n";
}
