using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Anthropic;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace Convergence.Providers;

/// <summary>
/// Creates an <see cref="IChatClient"/> per configured participant, through the vendors' own SDKs: OpenAI (and OpenAI-compatible
/// endpoints), Azure OpenAI, Anthropic, Ollama, and offline replay.
/// </summary>
/// <remarks>
/// <para>
/// The constructor validates the whole configuration before any client is created or any call is made, and throws a
/// <see cref="ConvergenceConfigurationException"/> naming the configuration path of the first problem: an unknown or missing
/// <c>Type</c>, a participant naming an unknown provider, a duplicate participant name, a missing model or endpoint, an unreadable
/// replay file, or (as <see cref="MissingApiKeyException"/>) an unset API key variable. API keys are read only for providers
/// that some participant uses, and never appear in messages.
/// </para>
/// <para>
/// The SDKs' built-in retries are turned off (OpenAI and Azure OpenAI <c>ClientRetryPolicy(0)</c>, Anthropic <c>MaxRetries = 0</c>),
/// so the pipeline's resilience policy is the one that acts and the one that is measured. Every client reports
/// <see cref="ChatClientMetadata"/> whose provider name is the provider's key in configuration (for replay, the provider the
/// recording names) and whose model is the participant's.
/// </para>
/// <para>The factory is safe for concurrent use. Clients it creates are owned by the caller.</para>
/// </remarks>
public sealed partial class ProviderChatClientFactory
{
    private const string DefaultOpenAIEndpoint = "https://api.openai.com/v1";
    private const string DefaultAnthropicEndpoint = "https://api.anthropic.com";

    private readonly ProviderFactoryOptions _options;
    private readonly Dictionary<string, ResolvedProvider> _providers;
    private readonly ConcurrentDictionary<string, object> _sdkClients = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance of the <see cref="ProviderChatClientFactory"/> class and validates the configuration.</summary>
    /// <param name="settings">The bound <c>Convergence</c> section (see <see cref="ConvergenceSettings.FromConfiguration"/>).</param>
    /// <param name="options">Where secrets and files come from; optional.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is <see langword="null"/>.</exception>
    /// <exception cref="ConvergenceConfigurationException">The configuration is not usable; the message names the problem and its path.</exception>
    /// <exception cref="MissingApiKeyException">A used provider's API key variable is not set; the message names the variable.</exception>
    public ProviderChatClientFactory(ConvergenceSettings settings, ProviderFactoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _options = options ?? new ProviderFactoryOptions();

        var validator = new ProviderSettingsValidator(settings, _options);
        _providers = validator.ValidateProviders();
        Participants = validator.ValidateParticipants(_providers);
        validator.ResolveSecrets(_providers, Participants);
    }

    /// <summary>Gets the settings the factory was created from.</summary>
    public ConvergenceSettings Settings { get; }

    /// <summary>Gets every configured participant (explorers, then builders, then auditors, each in configuration order), validated.</summary>
    public IReadOnlyList<ConfiguredParticipant> Participants { get; }

    /// <summary>Gets the participants of one role, in configuration order.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The participants.</returns>
    public IReadOnlyList<ConfiguredParticipant> GetParticipants(ConvergenceRole role) => [.. Participants.Where(p => p.Role == role)];

    /// <summary>Creates the chat client of a configured participant.</summary>
    /// <param name="participant">A participant from <see cref="Participants"/>.</param>
    /// <returns>A new client; the caller owns it. It makes no network call until it is used.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="participant"/> is <see langword="null"/>.</exception>
    /// <exception cref="ConvergenceConfigurationException">The participant's provider is not configured.</exception>
    public IChatClient CreateChatClient(ConfiguredParticipant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return CreateChatClient(participant.ProviderKey, participant.Model, participant.Name);
    }

    /// <summary>Creates a chat client for a configured provider and a model.</summary>
    /// <param name="providerKey">The provider's key in <see cref="ConvergenceSettings.Providers"/> (case-insensitive).</param>
    /// <param name="model">The model (for Azure OpenAI, the deployment); optional only for replay.</param>
    /// <param name="participantName">The participant whose recording a replay provider serves; required for replay, ignored otherwise.</param>
    /// <returns>A new client; the caller owns it. It makes no network call until it is used.</returns>
    /// <exception cref="ArgumentException"><paramref name="providerKey"/> is null or white space.</exception>
    /// <exception cref="ConvergenceConfigurationException">
    /// The provider is not configured, the model is missing, or the replay file has no such participant.
    /// </exception>
    public IChatClient CreateChatClient(string providerKey, string? model, string? participantName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerKey);
        if (!_providers.TryGetValue(providerKey, out var provider))
        {
            throw new ConvergenceConfigurationException(
                $"Provider '{providerKey}' is not configured under {ConvergenceSettings.SectionName}:Providers; configured providers: {ProviderSettingsValidator.List(_providers.Keys)}.");
        }

        if (provider.Type != ProviderTypes.Replay && string.IsNullOrWhiteSpace(model))
        {
            throw new ConvergenceConfigurationException($"A model is required for provider '{provider.Key}' ({provider.Type}).");
        }

        return provider.Type switch
        {
            ProviderTypes.OpenAI => CreateOpenAI(provider, model!),
            ProviderTypes.AzureOpenAI => CreateAzureOpenAI(provider, model!),
            ProviderTypes.Anthropic => CreateAnthropic(provider, model!),
            ProviderTypes.Ollama => CreateOllama(provider, model!),
            _ => CreateReplay(provider, model, participantName),
        };
    }

    private ProviderChatClient CreateOpenAI(ResolvedProvider provider, string model)
    {
        var sdk = (OpenAIClient)_sdkClients.GetOrAdd(provider.Key, _ =>
        {
            var options = new OpenAIClientOptions
            {
                Endpoint = provider.Endpoint ?? new Uri(DefaultOpenAIEndpoint),
                RetryPolicy = new ClientRetryPolicy(0),
                NetworkTimeout = _options.NetworkTimeout,
            };

            // OpenAI-compatible local servers take no key, but the SDK requires a credential; a placeholder is sent instead.
            return new OpenAIClient(new ApiKeyCredential(provider.ApiKey ?? "no-key"), options);
        });

        return new ProviderChatClient(sdk.GetChatClient(model).AsIChatClient(), provider, model);
    }

    private ProviderChatClient CreateAzureOpenAI(ResolvedProvider provider, string deployment)
    {
        var sdk = (AzureOpenAIClient)_sdkClients.GetOrAdd(provider.Key, _ =>
        {
            var options = new AzureOpenAIClientOptions
            {
                RetryPolicy = new ClientRetryPolicy(0),
                NetworkTimeout = _options.NetworkTimeout,
            };

            return new AzureOpenAIClient(provider.Endpoint!, new ApiKeyCredential(provider.ApiKey!), options);
        });

        return new ProviderChatClient(sdk.GetChatClient(deployment).AsIChatClient(), provider, deployment);
    }

    private ProviderChatClient CreateAnthropic(ResolvedProvider provider, string model)
    {
        var sdk = (AnthropicClient)_sdkClients.GetOrAdd(provider.Key, _ => new AnthropicClient
        {
            // Set explicitly (even to null) so the SDK reads no credential or base URL of its own from the environment.
            ApiKey = provider.ApiKey,
            BaseUrl = (provider.Endpoint ?? new Uri(DefaultAnthropicEndpoint)).ToString().TrimEnd('/'),
            MaxRetries = 0,
            Timeout = _options.NetworkTimeout,
        });

        return new ProviderChatClient(sdk.AsIChatClient(model), provider, model);
    }

    private ProviderChatClient CreateOllama(ResolvedProvider provider, string model)
    {
        var endpoint = provider.Endpoint ?? OllamaDiscovery.ResolveEndpoint(_options.GetEnvironmentVariable(OllamaDiscovery.HostVariable));
        var http = new HttpClient { BaseAddress = endpoint, Timeout = _options.NetworkTimeout };
        if (provider.ApiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", provider.ApiKey);
        }

        var client = new OllamaApiClient(http, model);
        return new ProviderChatClient(client, provider with { Endpoint = endpoint }, model, http);
    }
}
