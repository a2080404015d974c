using System.Net;
using System.Text.Json;

namespace Convergence.Tests.Providers.Fakes;

/// <summary>
/// The OpenAI chat completions protocol: <c>POST /v1/chat/completions</c> (and Azure OpenAI's
/// <c>/openai/deployments/{deployment}/chat/completions</c>), JSON or server-sent events ending with <c>data: [DONE]</c>.
/// </summary>
public sealed class FakeOpenAIServer : FakeModelServer
{
    /// <remarks>Any base path is accepted (<c>/v1</c>, Gemini's <c>/v1beta/openai</c>, Azure's deployments); tests assert the exact path.</remarks>
    protected override bool IsChatPath(string path) => path.EndsWith("/chat/completions", StringComparison.Ordinal);

    protected override string ContentType(bool stream) => stream ? "text/event-stream" : "application/json";

    protected override IEnumerable<string> Render(RecordedRequest request, FakeReply reply, bool stream)
    {
        var model = request.Model ?? "unknown";
        var usage = new { prompt_tokens = reply.InputTokens, completion_tokens = reply.OutputTokens, total_tokens = reply.InputTokens + reply.OutputTokens };
        if (!stream)
        {
            yield return JsonSerializer.Serialize(new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion",
                created = 1_700_000_000,
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = reply.Text }, finish_reason = "stop" } },
                usage,
            });
            yield break;
        }

        var first = true;
        foreach (var piece in Chunks.Split(reply.Text))
        {
            yield return Event(new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion.chunk",
                created = 1_700_000_000,
                model,
                choices = new[] { new { index = 0, delta = new { role = first ? "assistant" : null, content = piece }, finish_reason = (string?)null } },
            });
            first = false;
        }

        yield return Event(new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion.chunk",
            created = 1_700_000_000,
            model,
            choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } },
        });
        yield return Event(new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = Array.Empty<object>(), usage });
        yield return "data: [DONE]\n\n";
    }

    protected override string RenderError(HttpStatusCode status) => JsonSerializer.Serialize(new
    {
        error = new
        {
            message = status == HttpStatusCode.TooManyRequests ? "Rate limit reached for requests" : "The server had an error while processing your request.",
            type = status == HttpStatusCode.TooManyRequests ? "requests" : "server_error",
            code = status == HttpStatusCode.TooManyRequests ? "rate_limit_exceeded" : (string?)null,
        },
    });

    private static readonly JsonSerializerOptions OmitNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static string Event(object payload) => $"data: {JsonSerializer.Serialize(payload, OmitNulls)}\n\n";
}
