using System.Globalization;
using System.Text.Json;

namespace Convergence.Providers;

/// <summary>
/// Finds a local Ollama server and the chat models it has: probes <c>OLLAMA_HOST</c> or <c>http://127.0.0.1:11434</c>
/// (<c>GET /api/tags</c>) with a short timeout and selects up to three models of different families.
/// </summary>
/// <remarks>
/// Discovery never throws for an absent or misbehaving server: the result says what was found and, when nothing was, how to start
/// a server and pull a model. Embedding-only models are skipped. Families compare by their stem (<c>qwen2</c> and <c>qwen3</c> are
/// one family), so the selected models are as independent as the server allows.
/// </remarks>
public static class OllamaDiscovery
{
    /// <summary>The environment variable that names the Ollama server: <c>OLLAMA_HOST</c>.</summary>
    public const string HostVariable = "OLLAMA_HOST";

    /// <summary>The hint given when nothing usable was found.</summary>
    internal const string StartHint = "Start one with `ollama serve`, then `ollama pull llama3.2`.";

    private const int DefaultPort = 11434;

    /// <summary>Gets the default server address, <c>http://127.0.0.1:11434</c>.</summary>
    public static Uri DefaultEndpoint { get; } = new("http://127.0.0.1:11434/");

    /// <summary>Turns an <c>OLLAMA_HOST</c> value into the address a client connects to.</summary>
    /// <param name="ollamaHost">
    /// The value, as Ollama accepts it: <c>host</c>, <c>host:port</c> or a URL. A bind-all address (<c>0.0.0.0</c>, <c>::</c>) means
    /// the local machine. <see langword="null"/> or empty gives <see cref="DefaultEndpoint"/>.
    /// </param>
    /// <returns>The address, with a trailing slash.</returns>
    public static Uri ResolveEndpoint(string? ollamaHost)
    {
        if (string.IsNullOrWhiteSpace(ollamaHost))
        {
            return DefaultEndpoint;
        }

        // As Ollama reads it: without a scheme the port defaults to 11434; with http:// or https:// to that scheme's port.
        var value = ollamaHost.Trim();
        var schemeless = !value.Contains("://", StringComparison.Ordinal);
        if (schemeless)
        {
            value = "http://" + value;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return DefaultEndpoint;
        }

        var builder = new UriBuilder(uri);
        if (schemeless && !HasExplicitPort(value))
        {
            builder.Port = DefaultPort;
        }

        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "127.0.0.1";
        }

        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }

    /// <summary>Probes the server and selects its chat models.</summary>
    /// <param name="options">Where to probe, how long to wait and how many models to select; optional.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>What was found; never throws for an absent server.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<OllamaDiscoveryResult> DiscoverAsync(OllamaDiscoveryOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var httpClient = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        return await DiscoverAsync(httpClient, options, cancellationToken);
    }

    /// <summary>Probes the server through a given <see cref="HttpClient"/> and selects its chat models.</summary>
    /// <param name="httpClient">The client to send the probe with (its base address is not used).</param>
    /// <param name="options">Where to probe, how long to wait and how many models to select; optional.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>What was found; never throws for an absent server.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options' timeout is not positive, or <c>MaxModels</c> is less than 1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<OllamaDiscoveryResult> DiscoverAsync(
        HttpClient httpClient, OllamaDiscoveryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        options ??= new OllamaDiscoveryOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, "options.Timeout");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxModels, 1, "options.MaxModels");

        var endpoint = options.Endpoint ?? ResolveEndpoint((options.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable)(HostVariable));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);

        string body;
        try
        {
            using var response = await httpClient.GetAsync(new Uri(endpoint, "api/tags"), timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return NotFound(endpoint, serverAnswered: true,
                    $"The server at {endpoint} answered /api/tags with HTTP {(int)response.StatusCode}; it does not look like Ollama. {StartHint}");
            }

            body = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return NotFound(endpoint, serverAnswered: false,
                $"No Ollama server answered at {endpoint} within {options.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s. {StartHint}");
        }
        catch (HttpRequestException ex)
        {
            return NotFound(endpoint, serverAnswered: false, $"No Ollama server answered at {endpoint} ({Describe(ex)}). {StartHint}");
        }

        List<OllamaModelInfo> all;
        try
        {
            all = ParseTags(body);
        }
        catch (JsonException)
        {
            return NotFound(endpoint, serverAnswered: true, $"The server at {endpoint} did not answer /api/tags as Ollama does. {StartHint}");
        }

        var selected = Select(all, options.MaxModels);
        if (selected.Count == 0)
        {
            var what = all.Count == 0 ? "has no models" : "has only embedding models";
            return NotFound(endpoint, serverAnswered: true, $"The Ollama server at {endpoint} {what}. Pull a chat model with `ollama pull llama3.2`.");
        }

        var names = string.Join(", ", selected.Select(static m => $"{m.Name} ({m.Family})"));
        return new OllamaDiscoveryResult(endpoint, serverAnswered: true, selected,
            $"Found {selected.Count} model{(selected.Count == 1 ? string.Empty : "s")} of different families at {endpoint}: {names}.");
    }

    internal static List<OllamaModelInfo> ParseTags(string json)
    {
        using var document = JsonDocument.Parse(json);
        var models = new List<OllamaModelInfo>();
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("models", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("Expected {\"models\": [...]}.");
        }

        foreach (var item in list.EnumerateArray())
        {
            var name = GetString(item, "name") ?? GetString(item, "model");
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            string? family = null, parameterSize = null;
            if (item.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object)
            {
                family = GetString(details, "family");
                parameterSize = GetString(details, "parameter_size");
            }

            var size = item.TryGetProperty("size", out var s) && s.TryGetInt64(out var bytes) ? bytes : 0;
            models.Add(new OllamaModelInfo(name, FamilyStem(string.IsNullOrWhiteSpace(family) ? name : family), parameterSize, size));
        }

        return models;
    }

    internal static List<OllamaModelInfo> Select(IEnumerable<OllamaModelInfo> models, int max)
    {
        var selected = new List<OllamaModelInfo>();
        var families = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            if (selected.Count >= max)
            {
                break;
            }

            if (!IsEmbeddingModel(model) && families.Add(model.Family))
            {
                selected.Add(model);
            }
        }

        return selected;
    }

    /// <summary>The family without its version: <c>qwen2</c> and <c>qwen3</c> are <c>qwen</c>; <c>llama3.2:latest</c> is <c>llama</c>.</summary>
    internal static string FamilyStem(string family)
    {
        var stem = family.Split(':')[0].Trim().ToLowerInvariant();
        stem = stem[(stem.LastIndexOf('/') + 1)..];
        var end = stem.Length;
        while (end > 1 && (char.IsAsciiDigit(stem[end - 1]) || stem[end - 1] is '.' or '-' or '_'))
        {
            end--;
        }

        return stem[..end];
    }

    private static bool IsEmbeddingModel(OllamaModelInfo model) =>
        model.Family.Contains("bert", StringComparison.OrdinalIgnoreCase)
        || model.Name.Contains("embed", StringComparison.OrdinalIgnoreCase)
        || model.Name.Contains("minilm", StringComparison.OrdinalIgnoreCase);

    private static string? GetString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool HasExplicitPort(string url)
    {
        var authority = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/', 2)[0];
        var bracket = authority.LastIndexOf(']');
        return authority.LastIndexOf(':') > bracket;
    }

    private static string Describe(HttpRequestException ex) =>
        ex.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "connection refused",
            HttpRequestError.NameResolutionError => "host not found",
            _ => ex.Message,
        };

    private static OllamaDiscoveryResult NotFound(Uri endpoint, bool serverAnswered, string message) =>
        new(endpoint, serverAnswered, [], message);
}
