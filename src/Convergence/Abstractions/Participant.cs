using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>A model taking part in a run: its name, role, provider and model, the client that reaches it, and optional instructions.</summary>
/// <remarks>Instances are immutable and safe to share between concurrent runs (the <see cref="IChatClient"/> contract is concurrency-safe).</remarks>
public sealed class Participant
{
    /// <summary>Initializes a new instance of the <see cref="Participant"/> class.</summary>
    /// <param name="name">The participant's unique name in its pipeline.</param>
    /// <param name="role">The role it plays.</param>
    /// <param name="provider">The provider behind the client; this is what consensus counts as an independent voice.</param>
    /// <param name="model">The model, or <see langword="null"/> when unknown.</param>
    /// <param name="client">The chat client that reaches the model.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="provider"/> is null or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public Participant(string name, ConvergenceRole role, string provider, string? model, IChatClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        Identity = new ParticipantIdentity(name, provider, model);
        Role = role;
        Client = client;
    }

    /// <summary>Gets the participant's unique name in its pipeline.</summary>
    public string Name => Identity.Name;

    /// <summary>Gets the role it plays.</summary>
    public ConvergenceRole Role { get; }

    /// <summary>Gets the provider behind the client.</summary>
    public string Provider => Identity.Provider;

    /// <summary>Gets the model, or an empty string when unknown.</summary>
    public string Model => Identity.Model;

    /// <summary>Gets the name, provider and model as one value.</summary>
    public ParticipantIdentity Identity { get; }

    /// <summary>Gets the chat client that reaches the model.</summary>
    public IChatClient Client { get; }

    /// <summary>Gets optional instructions (a persona or focus) added to the role's own instructions.</summary>
    public string? Instructions { get; init; }

    /// <summary>Gets optional chat options for this participant's calls; when set, they are used instead of the request's options.</summary>
    /// <remarks>The pipeline never mutates this instance: each call gets its own clone.</remarks>
    public ChatOptions? Options { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Model"/> was configured explicitly and should be sent as <see cref="ChatOptions.ModelId"/> when the options name none.</summary>
    public bool SendModelId { get; init; }

    /// <summary>Gets the backups called, in order, when this participant's own client fails; empty by default.</summary>
    public IReadOnlyList<ParticipantFallback> Fallbacks { get; init; } = [];

    /// <inheritdoc/>
    public override string ToString() => $"{Identity} as {Role}";
}
