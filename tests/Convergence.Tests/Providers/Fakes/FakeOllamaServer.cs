using System.Net;
using System.Text.Json;

namespace Convergence.Tests.Providers.Fakes;

/// <summary>
/// The Ollama protocol: <c>POST /api/chat</c> streams one JSON object per line unless the request says <c>"stream": false</c>;
/// <c>GET /api/tags</c> lists <see cref="Models"/>.
/// </summary>
public sealed class FakeOllamaServer : FakeModelServer
{
    /// <summary>Gets or sets the models <c>/api/tags</c> lists: name and family.</summary>
    public IReadOnlyList<(string Name, string Family)> Models { get; set; } = [];

    protected override bool StreamsByDefault => true;

    protected override bool IsChatPath(string path) => path == "/api/chat";

    protected override string ContentType(bool stream) => stream ? "application/x-ndjson" : "application/json";

    protected override IEnumerable<string> Render(RecordedRequest request, FakeReply reply, bool stream)
    {
        var model = request.Model ?? "unknown";
        if (stream)
        {
            foreach (var piece in Chunks.Split(reply.Text))
            {
                yield return JsonSerializer.Serialize(new
                {
                    model,
                    created_at = "2026-01-01T00:00:00Z",
                    message = new { role = "assistant", content = piece },
                    done = false,
                }) + "\n";
            }
        }

        yield return JsonSerializer.Serialize(new
        {
            model,
            created_at = "2026-01-01T00:00:00Z",
            message = new { role = "assistant", content = stream ? string.Empty : reply.Text },
            done = true,
            done_reason = "stop",
            total_duration = 1000,
            load_duration = 10,
            prompt_eval_count = reply.InputTokens,
            prompt_eval_duration = 100,
            eval_count = reply.OutputTokens,
            eval_duration = 500,
        }) + (stream ? "\n" : string.Empty);
    }

    protected override string RenderError(HttpStatusCode status) =>
        JsonSerializer.Serialize(new { error = status == HttpStatusCode.TooManyRequests ? "too many requests" : "model runner has unexpectedly stopped" });

    protected override async Task<bool> HandleOtherAsync(HttpListenerContext context, RecordedRequest request)
    {
        if (request.Path != "/api/tags")
        {
            return false;
        }

        var body = JsonSerializer.Serialize(new
        {
            models = Models.Select(m => new
            {
                name = m.Name,
                model = m.Name,
                modified_at = "2026-01-01T00:00:00Z",
                size = 2_000_000_000L,
                digest = "sha256:fake",
                details = new { format = "gguf", family = m.Family, families = new[] { m.Family }, parameter_size = "3B", quantization_level = "Q4_K_M" },
            }),
        });
        await WriteAsync(context.Response, HttpStatusCode.OK, "application/json", body);
        return true;
    }
}
