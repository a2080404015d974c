using System.Text.Json.Serialization;

namespace Convergence;

/// <summary>Who said something: a participant's name, and the provider and model behind it.</summary>
/// <remarks>Provider identity is what consensus counts: agreement between providers is signal, agreement between personas of one model is one voice.</remarks>
public sealed record ParticipantIdentity
{
    /// <summary>Initializes a new instance of the <see cref="ParticipantIdentity"/> class.</summary>
    /// <param name="name">The participant's unique name in its pipeline.</param>
    /// <param name="provider">The provider that answered (for example <c>openai</c>).</param>
    /// <param name="model">The model that answered.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="provider"/> is null or white space.</exception>
    [JsonConstructor]
    public ParticipantIdentity(string name, string provider, string? model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        Name = name;
        Provider = provider;
        Model = model ?? string.Empty;
    }

    /// <summary>Gets the participant's unique name in its pipeline.</summary>
    [JsonPropertyName("participant")]
    public string Name { get; }

    /// <summary>Gets the provider that answered.</summary>
    public string Provider { get; }

    /// <summary>Gets the model that answered, or an empty string when it is not known.</summary>
    public string Model { get; }

    /// <inheritdoc/>
    public override string ToString() => Model.Length == 0 ? $"{Name} ({Provider})" : $"{Name} ({Provider}/{Model})";
}
