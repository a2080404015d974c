namespace Convergence.Providers;

/// <summary>A validated provider: its key, normalized type, endpoint, API key (when one is used) and replay source.</summary>
/// <remarks><see cref="ToString"/> never includes the API key.</remarks>
internal sealed record ResolvedProvider(string Key, string Type, Uri? Endpoint)
{
    public string? ApiKey { get; init; }

    public string? ApiKeyEnv { get; init; }

    /// <summary>Gets the loaded replay file (<see cref="ProviderTypes.Replay"/> only).</summary>
    public object? Replay { get; init; }

    public override string ToString() => $"{Key} ({Type})";
}
