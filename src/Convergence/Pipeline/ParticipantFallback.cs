using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>A backup for a participant: another client, usually of another provider, called when the participant's own client fails.</summary>
/// <remarks>
/// The participant keeps its name, but its report and its findings record the provider that actually answered, so consensus counts that
/// provider and not the planned one (<see cref="ParticipantReport.PlannedProvider"/> keeps the planned one).
/// </remarks>
public sealed class ParticipantFallback
{
    /// <summary>Initializes a new instance of the <see cref="ParticipantFallback"/> class.</summary>
    /// <param name="client">The backup's chat client.</param>
    /// <param name="provider">The backup's provider.</param>
    /// <param name="model">The backup's model, sent as <see cref="ChatOptions.ModelId"/>; <see langword="null"/> for the client's default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="provider"/> is null or white space.</exception>
    public ParticipantFallback(IChatClient client, string provider, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        Client = client;
        Provider = provider;
        Model = model;
    }

    /// <summary>Gets the backup's chat client.</summary>
    public IChatClient Client { get; }

    /// <summary>Gets the backup's provider.</summary>
    public string Provider { get; }

    /// <summary>Gets the backup's model, or <see langword="null"/> for the client's default.</summary>
    public string? Model { get; }
}
