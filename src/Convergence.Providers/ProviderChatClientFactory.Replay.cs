using Convergence.Testing;
using Microsoft.Extensions.AI;

namespace Convergence.Providers;

/// <summary>The <see cref="ProviderTypes.Replay"/> provider: recorded replies from <see cref="ReplayFile"/>, offline.</summary>
public sealed partial class ProviderChatClientFactory
{
    private ProviderChatClient CreateReplay(ResolvedProvider provider, string? model, string? participantName)
    {
        if (string.IsNullOrWhiteSpace(participantName))
        {
            throw new ConvergenceConfigurationException(
                $"Replay provider '{provider.Key}' serves recordings by participant name; pass the participant's name.");
        }

        ReplayChatClient client;
        try
        {
            client = ((ReplayFile)provider.Replay!).CreateClient(participantName, _options.TimeProvider);
        }
        catch (ArgumentException ex)
        {
            throw new ConvergenceConfigurationException($"Replay provider '{provider.Key}': {ex.Message.Split(" (Parameter", 2)[0]}", ex);
        }

        var recording = client.GetService<ChatClientMetadata>();
        var reported = provider with { Key = string.IsNullOrWhiteSpace(recording?.ProviderName) ? provider.Key : recording.ProviderName };
        return new ProviderChatClient(client, reported, model);
    }
}
