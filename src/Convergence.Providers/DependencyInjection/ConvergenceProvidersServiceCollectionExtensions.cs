using Convergence.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the providers and participants of the <c>Convergence</c> configuration section in an <see cref="IServiceCollection"/>.</summary>
public static class ConvergenceProvidersServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the <c>Convergence</c> configuration section, registers the <see cref="ConvergenceSettings"/> and the
    /// <see cref="ProviderChatClientFactory"/> as singletons, and registers one keyed <see cref="IChatClient"/> per participant,
    /// keyed by the participant's name.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>Convergence</c> section, or a configuration root that contains it.</param>
    /// <param name="configure">Sets where secrets and files come from; optional.</param>
    /// <param name="lifetime">The lifetime of the keyed chat clients. The default is <see cref="ServiceLifetime.Singleton"/> (the clients are safe for concurrent use).</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// Validation happens here, at registration, so a bad configuration fails at start-up rather than at the first call. Add the
    /// participants to a pipeline with <c>AddKeyedExplorer(name)</c> (and <c>AddKeyedParticipant(role, name)</c>): each client reports
    /// its provider key through <see cref="ChatClientMetadata"/>. To add all of them at once, call
    /// <see cref="ConvergencePipelineBuilderProviderExtensions.AddParticipants"/> with the registered factory, or
    /// <see cref="ConvergencePipelineBuilderProviderExtensions.AddParticipantsFromConfiguration"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="ConvergenceConfigurationException">The configuration is not usable.</exception>
    /// <exception cref="MissingApiKeyException">A used provider's API key variable is not set; the message names the variable.</exception>
    public static IServiceCollection AddConvergenceProviders(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<ProviderFactoryOptions>? configure = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ProviderFactoryOptions();
        configure?.Invoke(options);
        var factory = new ProviderChatClientFactory(ConvergenceSettings.FromConfiguration(configuration), options);

        services.AddSingleton(factory.Settings);
        services.AddSingleton(factory);
        foreach (var participant in factory.Participants)
        {
            services.Add(new ServiceDescriptor(
                typeof(IChatClient),
                participant.Name,
                (_, _) => factory.CreateChatClient(participant),
                lifetime));
        }

        return services;
    }
}
