namespace Convergence.Providers;

/// <summary>What <see cref="OllamaDiscovery"/> found: the server's address, up to N models of different families, and a message for people.</summary>
public sealed class OllamaDiscoveryResult
{
    internal OllamaDiscoveryResult(Uri endpoint, bool serverAnswered, IReadOnlyList<OllamaModelInfo> models, string message)
    {
        Endpoint = endpoint;
        ServerAnswered = serverAnswered;
        Models = models;
        Message = message;
    }

    /// <summary>Gets the address that was probed.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets a value indicating whether an Ollama server answered.</summary>
    public bool ServerAnswered { get; }

    /// <summary>Gets a value indicating whether at least one usable chat model was found.</summary>
    public bool Found => Models.Count > 0;

    /// <summary>Gets the selected chat models, each of a different family, in the server's order (most recently modified first).</summary>
    public IReadOnlyList<OllamaModelInfo> Models { get; }

    /// <summary>
    /// Gets one line for people: what was found, or that no server or no model was found and how to start one
    /// (<c>ollama serve</c>, then <c>ollama pull llama3.2</c>).
    /// </summary>
    public string Message { get; }

    /// <summary>
    /// Creates settings for a panel of the found models: one explorer per model, each under its own provider key
    /// <c>ollama-{family}</c> pointing at <see cref="Endpoint"/>.
    /// </summary>
    /// <remarks>
    /// Each family gets its own provider key because consensus counts providers as independent voices: models of different
    /// families (Llama, Qwen, Gemma...) are trained independently, even when one local server hosts them all.
    /// </remarks>
    /// <returns>The settings, with no builders or auditors. Add them, or the other sections, before use.</returns>
    /// <exception cref="InvalidOperationException">No model was found (<see cref="Found"/> is <see langword="false"/>); the message is <see cref="Message"/>.</exception>
    public ConvergenceSettings ToSettings()
    {
        if (!Found)
        {
            throw new InvalidOperationException(Message);
        }

        var settings = new ConvergenceSettings();
        foreach (var model in Models)
        {
            var key = $"ollama-{model.Family}";
            settings.Providers[key] = new ProviderSettings { Type = ProviderTypes.Ollama, Endpoint = Endpoint.ToString() };
            settings.Explorers.Add(new ParticipantSettings { Name = model.Name, Provider = key, Model = model.Name });
        }

        return settings;
    }

    /// <inheritdoc/>
    public override string ToString() => Message;
}
