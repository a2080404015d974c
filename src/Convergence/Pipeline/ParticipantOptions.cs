using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>How a participant is named and described when it is added to a pipeline.</summary>
/// <remarks>
/// Provider and model default to the client's <see cref="ChatClientMetadata"/>. Set them when the client does not report
/// them, or when several clients front the same provider under different names: consensus counts the provider.
/// </remarks>
public sealed class ParticipantOptions
{
    /// <summary>Gets or sets the participant's unique name; by default <c>provider/model</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the provider; by default <see cref="ChatClientMetadata.ProviderName"/>.</summary>
    public string? Provider { get; set; }

    /// <summary>Gets or sets the model; by default <see cref="ChatClientMetadata.DefaultModelId"/>. When set, it is sent as <see cref="ChatOptions.ModelId"/> unless the options name a model.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets instructions (a persona or a focus) added to the role's own instructions.</summary>
    public string? Instructions { get; set; }

    /// <summary>Gets or sets chat options for this participant's calls, used instead of the request's options.</summary>
    public ChatOptions? ChatOptions { get; set; }

    /// <summary>Gets the backups called, in order, when this participant's own client fails after its retries.</summary>
    public IList<ParticipantFallback> Fallbacks { get; } = [];
}
