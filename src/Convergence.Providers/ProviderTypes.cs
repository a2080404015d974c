namespace Convergence.Providers;

/// <summary>The provider <c>Type</c>s that <see cref="ProviderChatClientFactory"/> understands.</summary>
public static class ProviderTypes
{
    /// <summary>The OpenAI API, or any OpenAI-compatible endpoint (Gemini's, vLLM, LM Studio, llama.cpp server) named by <c>Endpoint</c>.</summary>
    public const string OpenAI = "openai";

    /// <summary>Azure OpenAI: <c>Endpoint</c> is the resource endpoint and the participant's <c>Model</c> is the deployment name.</summary>
    public const string AzureOpenAI = "azure-openai";

    /// <summary>The Anthropic Messages API.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>An Ollama server (by default <c>OLLAMA_HOST</c> or <c>http://127.0.0.1:11434</c>).</summary>
    public const string Ollama = "ollama";

    /// <summary>Recorded replies served offline from the replay file named by <c>Path</c>.</summary>
    public const string Replay = "replay";

    /// <summary>Gets every known type, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } = [OpenAI, AzureOpenAI, Anthropic, Ollama, Replay];

    internal static string? Normalize(string? type)
    {
        if (type is null)
        {
            return null;
        }

        foreach (var known in All)
        {
            if (string.Equals(known, type.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return null;
    }
}
