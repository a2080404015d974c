using System.Collections.Specialized;
using System.Text.Json;

namespace Convergence.Tests.Providers.Fakes;

/// <summary>A request a fake model server received.</summary>
public sealed class RecordedRequest
{
    public RecordedRequest(string method, string path, string query, NameValueCollection headers, string body)
    {
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
        Json = string.IsNullOrWhiteSpace(body) ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public string Method { get; }

    public string Path { get; }

    public string Query { get; }

    public NameValueCollection Headers { get; }

    public string Body { get; }

    public JsonElement Json { get; }

    public string? Header(string name) => Headers[name];

    public string? Model => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("model", out var m) ? m.GetString() : null;

    /// <summary>Gets a value indicating whether the request asked for a streamed reply (<paramref name="defaultValue"/> when it does not say).</summary>
    public bool WantsStream(bool defaultValue) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("stream", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? s.GetBoolean()
            : defaultValue;
}
