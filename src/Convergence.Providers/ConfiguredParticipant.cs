namespace Convergence.Providers;

/// <summary>A participant from configuration, validated and resolved: its role, unique name, provider key, provider type and model.</summary>
/// <param name="Role">The role (explorer, builder or auditor).</param>
/// <param name="Name">The unique name (the configured one, or <c>provider/model</c>).</param>
/// <param name="Provider">
/// The provider name results report and consensus counts: the provider's key in configuration, or for a replay participant the
/// provider its recording names (so an offline panel of recorded providers keeps them apart).
/// </param>
/// <param name="ProviderKey">The provider's key in configuration.</param>
/// <param name="ProviderType">The provider's type, one of <see cref="ProviderTypes.All"/>.</param>
/// <param name="Model">The model (for Azure OpenAI, the deployment; for replay, by default the recording's), or <see langword="null"/> when unknown.</param>
/// <param name="Instructions">Instructions added to the role's own, or <see langword="null"/>.</param>
/// <param name="ConfigurationPath">Where it is configured, for example <c>Convergence:Explorers:0</c>.</param>
public sealed record ConfiguredParticipant(
    ConvergenceRole Role,
    string Name,
    string Provider,
    string ProviderKey,
    string ProviderType,
    string? Model,
    string? Instructions,
    string ConfigurationPath);
