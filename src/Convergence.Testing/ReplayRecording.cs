namespace Convergence.Testing;

/// <summary>The recorded replies of one participant in a <see cref="ReplayFile"/>.</summary>
/// <remarks>
/// JSON shape (camelCase):
/// <c>{"participant": "gpt", "provider": "openai", "model": "gpt-4o-mini", "loop": false, "replies": [...]}</c>.
/// <c>participant</c> and <c>replies</c> are required; see <see cref="ReplayReply"/> for a reply.
/// </remarks>
public sealed class ReplayRecording
{
    /// <summary>Gets or sets the participant name the recording belongs to (unique within a file). Required.</summary>
    public string? Participant { get; set; }

    /// <summary>Gets or sets the provider name reported in the client's <see cref="Microsoft.Extensions.AI.ChatClientMetadata"/>.</summary>
    public string? Provider { get; set; }

    /// <summary>Gets or sets the model id reported in the metadata and set on every reply.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets a value indicating whether the in-order replies start again from the first once they run out, instead of failing.</summary>
    public bool Loop { get; set; }

    /// <summary>Gets or sets the recorded replies, in order.</summary>
    public IList<ReplayReply>? Replies { get; set; }
}
