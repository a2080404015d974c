namespace Convergence.Providers;

/// <summary>Options of <see cref="OllamaDiscovery.DiscoverAsync(OllamaDiscoveryOptions?, CancellationToken)"/>.</summary>
public sealed class OllamaDiscoveryOptions
{
    /// <summary>Gets or sets the server to probe; by default <c>OLLAMA_HOST</c>, else <c>http://127.0.0.1:11434</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets how long to wait for the server's answer. The default is 2 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the most models to select, each of a different family. The default is 3.</summary>
    public int MaxModels { get; set; } = 3;

    /// <summary>Gets or sets how an environment variable (<c>OLLAMA_HOST</c>) is read. The default is <see cref="Environment.GetEnvironmentVariable(string)"/>.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;
}
