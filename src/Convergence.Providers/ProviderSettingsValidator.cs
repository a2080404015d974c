namespace Convergence.Providers;

/// <summary>Validates <see cref="ConvergenceSettings"/> before any client is created; every message names the configuration path.</summary>
internal sealed partial class ProviderSettingsValidator
{
    private const string Section = ConvergenceSettings.SectionName;
    private readonly ConvergenceSettings _settings;
    private readonly ProviderFactoryOptions _options;

    public ProviderSettingsValidator(ConvergenceSettings settings, ProviderFactoryOptions options)
    {
        _settings = settings;
        _options = options;
    }

    public static string List(IEnumerable<string> values)
    {
        var list = string.Join(", ", values);
        return list.Length == 0 ? "(none)" : list;
    }

    public Dictionary<string, ResolvedProvider> ValidateProviders()
    {
        var providers = new Dictionary<string, ResolvedProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, provider) in _settings.Providers ?? new Dictionary<string, ProviderSettings>())
        {
            var path = $"{Section}:Providers:{key}";
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ConvergenceConfigurationException($"{Section}:Providers has an entry with an empty key; give each provider a name.");
            }

            if (provider is null || string.IsNullOrWhiteSpace(provider.Type))
            {
                throw new ConvergenceConfigurationException(
                    $"{path}:Type is missing; expected one of {List(ProviderTypes.All)}.");
            }

            var type = ProviderTypes.Normalize(provider.Type) ?? throw new ConvergenceConfigurationException(
                $"{path}:Type is '{provider.Type}', which is not a known provider type; expected one of {List(ProviderTypes.All)}.");

            Uri? endpoint = null;
            if (!string.IsNullOrWhiteSpace(provider.Endpoint))
            {
                if (!Uri.TryCreate(provider.Endpoint.Trim(), UriKind.Absolute, out endpoint)
                    || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                {
                    throw new ConvergenceConfigurationException(
                        $"{path}:Endpoint is '{provider.Endpoint}', which is not an absolute http or https URI.");
                }
            }
            else if (type == ProviderTypes.AzureOpenAI)
            {
                throw new ConvergenceConfigurationException(
                    $"{path}:Endpoint is missing; Azure OpenAI needs the resource endpoint, for example https://my-resource.openai.azure.com/.");
            }

            var resolved = new ResolvedProvider(key, type, endpoint) { ApiKeyEnv = Trimmed(provider.ApiKeyEnv) };
            if (type == ProviderTypes.Replay)
            {
                if (string.IsNullOrWhiteSpace(provider.Path))
                {
                    throw new ConvergenceConfigurationException($"{path}:Path is missing; a replay provider needs the replay file.");
                }

                resolved = resolved with { Replay = LoadReplay(path, provider.Path) };
            }

            providers.Add(key, resolved);
        }

        return providers;
    }

    public List<ConfiguredParticipant> ValidateParticipants(Dictionary<string, ResolvedProvider> providers)
    {
        var participants = new List<ConfiguredParticipant>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(ConvergenceRole.Explorer, "Explorers", _settings.Explorers);
        Add(ConvergenceRole.Builder, "Builders", _settings.Builders);
        Add(ConvergenceRole.Auditor, "Auditors", _settings.Auditors);
        return participants;

        void Add(ConvergenceRole role, string list, IList<ParticipantSettings>? entries)
        {
            for (var i = 0; i < (entries?.Count ?? 0); i++)
            {
                var entry = entries![i];
                var path = $"{Section}:{list}:{i}";
                if (entry is null)
                {
                    throw new ConvergenceConfigurationException($"{path} is empty; a participant needs at least a Provider and a Model.");
                }

                var label = entry.Name is null ? path : $"{path} ('{entry.Name}')";
                var providerKey = Trimmed(entry.Provider) ?? throw new ConvergenceConfigurationException(
                    $"{label} has no Provider; name one of the configured providers: {List(providers.Keys)}.");
                if (!providers.TryGetValue(providerKey, out var provider))
                {
                    throw new ConvergenceConfigurationException(
                        $"{label} names provider '{providerKey}', which is not configured under {Section}:Providers; configured providers: {List(providers.Keys)}.");
                }

                var model = Trimmed(entry.Model);
                if (model is null && provider.Type != ProviderTypes.Replay)
                {
                    throw new ConvergenceConfigurationException(
                        $"{label} has no Model; provider '{provider.Key}' ({provider.Type}) needs one" +
                        (provider.Type == ProviderTypes.AzureOpenAI ? " (the deployment name)." : "."));
                }

                var name = Trimmed(entry.Name) ?? (model is null ? provider.Key : $"{provider.Key}/{model}");
                if (names.TryGetValue(name, out var first))
                {
                    throw new ConvergenceConfigurationException(
                        $"Participant name '{name}' is used twice ({first} and {path}); participant names must be unique across explorers, builders and auditors.");
                }

                names.Add(name, path);
                var reported = provider.Key;
                if (provider.Type == ProviderTypes.Replay)
                {
                    var recorded = ValidateReplayParticipant(provider, name, path);
                    reported = recorded.Provider ?? reported;
                    model ??= recorded.Model;
                }

                participants.Add(new ConfiguredParticipant(role, name, reported, provider.Key, provider.Type, model, Trimmed(entry.Instructions), path));
            }
        }
    }

    /// <summary>Reads the API key of every provider a participant uses. Keys of unused providers are not required.</summary>
    public void ResolveSecrets(Dictionary<string, ResolvedProvider> providers, IEnumerable<ConfiguredParticipant> participants)
    {
        foreach (var key in participants.Select(static p => p.ProviderKey).Distinct(StringComparer.OrdinalIgnoreCase).ToList())
        {
            var provider = providers[key];
            if (provider.Type == ProviderTypes.Replay)
            {
                continue;
            }

            if (provider.ApiKeyEnv is null)
            {
                var needsKey = provider.Type == ProviderTypes.AzureOpenAI
                    || (provider.Endpoint is null && provider.Type is ProviderTypes.OpenAI or ProviderTypes.Anthropic);
                if (needsKey)
                {
                    var example = provider.Type switch
                    {
                        ProviderTypes.OpenAI => "OPENAI_API_KEY",
                        ProviderTypes.Anthropic => "ANTHROPIC_API_KEY",
                        _ => "AZURE_OPENAI_API_KEY",
                    };
                    throw new ConvergenceConfigurationException(
                        $"{Section}:Providers:{provider.Key}:ApiKeyEnv is missing; name the environment variable that holds the API key, for example \"ApiKeyEnv\": \"{example}\".");
                }

                continue;
            }

            var value = _options.GetEnvironmentVariable(provider.ApiKeyEnv);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new MissingApiKeyException(provider.Key, provider.ApiKeyEnv);
            }

            providers[key] = provider with { ApiKey = value.Trim() };
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
