using Microsoft.Extensions.Configuration;

namespace Convergence.Providers;

/// <summary>
/// The <c>Convergence</c> configuration section: providers, participants per role, and the synthesis, build, audit, budget and
/// resilience settings (see DESIGN.md and docs/providers.md for the shape).
/// </summary>
/// <remarks>
/// Bind it with <see cref="FromConfiguration"/>, which uses the configuration binder's source generator (trimming- and AOT-safe).
/// Provider keys compare case-insensitively, as configuration keys do.
/// </remarks>
public sealed class ConvergenceSettings
{
    /// <summary>The name of the configuration section: <c>Convergence</c>.</summary>
    public const string SectionName = "Convergence";

    /// <summary>Gets or sets the providers, by key. The key is the provider name results report.</summary>
    public IDictionary<string, ProviderSettings> Providers { get; set; } = new Dictionary<string, ProviderSettings>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the explorers.</summary>
    public IList<ParticipantSettings> Explorers { get; set; } = [];

    /// <summary>Gets or sets the builders; with none, a run stops after synthesis.</summary>
    public IList<ParticipantSettings> Builders { get; set; } = [];

    /// <summary>Gets or sets the auditors; with builders and no auditors, a run stops after build.</summary>
    public IList<ParticipantSettings> Auditors { get; set; } = [];

    /// <summary>Gets or sets the synthesis settings.</summary>
    public SynthesisSettings Synthesis { get; set; } = new();

    /// <summary>Gets or sets the build settings.</summary>
    public BuildSettings Build { get; set; } = new();

    /// <summary>Gets or sets the audit settings.</summary>
    public AuditSettings Audit { get; set; } = new();

    /// <summary>Gets or sets the budget settings.</summary>
    public BudgetSettings Budget { get; set; } = new();

    /// <summary>Gets or sets the resilience settings.</summary>
    public ResilienceSettings Resilience { get; set; } = new();

    /// <summary>Binds the settings from configuration.</summary>
    /// <param name="configuration">
    /// The <c>Convergence</c> section itself, or a configuration root that contains it (then its <c>Convergence</c> section is read).
    /// </param>
    /// <returns>The settings; empty lists and sections when nothing is configured. Not validated: <see cref="ProviderChatClientFactory"/> validates.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="ConvergenceConfigurationException">A value cannot be converted to its type (for example <c>"TopK": "three"</c>).</exception>
    public static ConvergenceSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = ResolveSection(configuration);
        var settings = new ConvergenceSettings();
        try
        {
            section.Bind(settings);
        }
        catch (InvalidOperationException ex)
        {
            throw new ConvergenceConfigurationException($"The '{SectionName}' configuration section is not valid: {ex.Message}", ex);
        }

        // The binder may replace the dictionary; keep provider keys case-insensitive, as configuration keys are.
        if (settings.Providers is not Dictionary<string, ProviderSettings> { Comparer: var comparer } || !ReferenceEquals(comparer, StringComparer.OrdinalIgnoreCase))
        {
            settings.Providers = new Dictionary<string, ProviderSettings>(settings.Providers ?? new Dictionary<string, ProviderSettings>(), StringComparer.OrdinalIgnoreCase);
        }

        return settings;
    }

    private static IConfiguration ResolveSection(IConfiguration configuration)
    {
        if (configuration is IConfigurationSection { Key: var key } && string.Equals(key, SectionName, StringComparison.OrdinalIgnoreCase))
        {
            return configuration;
        }

        var nested = configuration.GetSection(SectionName);
        return nested.Exists() ? nested : configuration;
    }
}
