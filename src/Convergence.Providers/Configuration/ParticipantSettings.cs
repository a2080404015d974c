namespace Convergence.Providers;

/// <summary>One entry of the <c>Explorers</c>, <c>Builders</c> or <c>Auditors</c> lists: a participant, the provider it uses and its model.</summary>
public sealed class ParticipantSettings
{
    /// <summary>Gets or sets the participant's name, unique across all roles; by default <c>provider/model</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the key of the provider in <see cref="ConvergenceSettings.Providers"/>.</summary>
    public string? Provider { get; set; }

    /// <summary>Gets or sets the model (for Azure OpenAI, the deployment name). Optional for replay, where the recording names it.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets instructions (a persona or a focus) added to the role's own instructions; optional.</summary>
    public string? Instructions { get; set; }
}
