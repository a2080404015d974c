using Microsoft.Extensions.Configuration;

namespace Convergence.Providers;

/// <summary>Adds the participants of the <c>Convergence</c> configuration section to a <see cref="ConvergencePipelineBuilder"/>.</summary>
public static class ConvergencePipelineBuilderProviderExtensions
{
    /// <summary>
    /// Binds and validates the <c>Convergence</c> configuration section, then adds every explorer, builder and auditor it lists, each
    /// with a chat client from its provider's SDK.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="configuration">The <c>Convergence</c> section, or a configuration root that contains it.</param>
    /// <param name="configure">Sets where secrets and files come from (for example the replay base path); optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="ConvergenceConfigurationException">The configuration is not usable; thrown here, before any call is made.</exception>
    /// <exception cref="MissingApiKeyException">A used provider's API key variable is not set; the message names the variable.</exception>
    public static ConvergencePipelineBuilder AddParticipantsFromConfiguration(
        this ConvergencePipelineBuilder builder, IConfiguration configuration, Action<ProviderFactoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ProviderFactoryOptions();
        configure?.Invoke(options);
        return builder.AddParticipants(new ProviderChatClientFactory(ConvergenceSettings.FromConfiguration(configuration), options));
    }

    /// <summary>Adds every participant of a validated configuration, each with a chat client that <paramref name="factory"/> creates when the pipeline is built.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="factory">The factory, created from the bound settings (which validated them).</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Each participant is added with its role, name, model and instructions, and with the provider name results report
    /// (<see cref="ConfiguredParticipant.Provider"/>: the provider key, or a replay recording's provider). Each build of the
    /// pipeline gets fresh clients, so a replay starts from its first recorded reply.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="factory"/> is <see langword="null"/>.</exception>
    public static ConvergencePipelineBuilder AddParticipants(this ConvergencePipelineBuilder builder, ProviderChatClientFactory factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        foreach (var participant in factory.Participants)
        {
            _ = builder.AddParticipant(
                participant.Role,
                _ => factory.CreateChatClient(participant),
                options =>
                {
                    options.Name = participant.Name;
                    options.Provider = participant.Provider;
                    options.Model = participant.Model;
                    options.Instructions = participant.Instructions;
                });
        }

        return builder;
    }
}
