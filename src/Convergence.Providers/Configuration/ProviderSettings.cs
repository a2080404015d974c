namespace Convergence.Providers;

/// <summary>One entry of the <c>Convergence:Providers</c> configuration section: how to reach one provider.</summary>
/// <remarks>The entry's key (for example <c>openai</c> or <c>local</c>) is the provider name that results report and that consensus counts.</remarks>
public sealed class ProviderSettings
{
    /// <summary>Gets or sets the provider type: one of <see cref="ProviderTypes.All"/> (case-insensitive).</summary>
    public string? Type { get; set; }

    /// <summary>Gets or sets the endpoint (an absolute URI); optional except for <see cref="ProviderTypes.AzureOpenAI"/>.</summary>
    /// <remarks>
    /// <see cref="ProviderTypes.OpenAI"/>: the base URL that <c>chat/completions</c> is appended to (by default <c>https://api.openai.com/v1</c>).
    /// <see cref="ProviderTypes.Anthropic"/>: the base URL that <c>v1/messages</c> is appended to (by default <c>https://api.anthropic.com</c>).
    /// <see cref="ProviderTypes.Ollama"/>: the server (by default <c>OLLAMA_HOST</c>, else <c>http://127.0.0.1:11434</c>).
    /// </remarks>
    public string? Endpoint { get; set; }

    /// <summary>Gets or sets the name of the environment variable that holds the API key. The key itself never appears in configuration.</summary>
    /// <remarks>
    /// Required for the vendors' own endpoints (<see cref="ProviderTypes.OpenAI"/> and <see cref="ProviderTypes.Anthropic"/> without
    /// <see cref="Endpoint"/>) and for <see cref="ProviderTypes.AzureOpenAI"/>; optional for other endpoints and for Ollama.
    /// When it is set, the variable must be set and non-empty.
    /// </remarks>
    public string? ApiKeyEnv { get; set; }

    /// <summary>Gets or sets the replay file (<see cref="ProviderTypes.Replay"/> only); a relative path is resolved against <see cref="ProviderFactoryOptions.BasePath"/>.</summary>
    public string? Path { get; set; }
}
