using System.Globalization;
using System.Text.RegularExpressions;
using Convergence.Providers;
using Microsoft.Extensions.Configuration;

namespace Convergence.Cli;

/// <summary>
/// Turns the configuration file (plus <c>Convergence__…</c> environment variables) into a pipeline: participants
/// through <see cref="ProviderChatClientFactory"/>, and the Synthesis, Build, Audit, Budget and Resilience sections
/// mapped onto <see cref="ConvergencePipelineOptions"/>. Every problem is a <see cref="UsageException"/> whose one-line
/// message names the configuration key (or the environment variable), never a value that could be a secret.
/// </summary>
internal sealed partial class PipelineConfiguration
{
    private const string Section = ConvergenceSettings.SectionName;

    private PipelineConfiguration(string configPath, ConvergenceSettings settings, ProviderChatClientFactory factory)
    {
        ConfigPath = configPath;
        Settings = settings;
        Factory = factory;
    }

    public string ConfigPath { get; }

    public ConvergenceSettings Settings { get; }

    public ProviderChatClientFactory Factory { get; }

    /// <summary>Gets the folder of the configuration file: relative paths in it (replay files, the verify command) resolve here.</summary>
    public string BaseDirectory => Path.GetDirectoryName(ConfigPath)!;

    /// <summary>Loads and validates everything before any call is made.</summary>
    public static PipelineConfiguration Load(string? configPath, CliHost host)
    {
        if (string.IsNullOrWhiteSpace(configPath))
        {
            throw new UsageException("--config FILE is required");
        }

        var fullPath = Path.GetFullPath(configPath);
        if (!File.Exists(fullPath))
        {
            throw new UsageException($"configuration file not found: {configPath}");
        }

        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder()
                .AddJsonFile(fullPath, optional: false, reloadOnChange: false)
                .AddInMemoryCollection(EnvironmentOverrides(host))
                .Build();
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException($"{configPath} is not valid JSON: {OneLine(ex.InnerException?.Message ?? ex.Message)}");
        }

        if (!configuration.GetSection(Section).Exists())
        {
            throw new UsageException($"{configPath} has no '{Section}' section");
        }

        try
        {
            var settings = ConvergenceSettings.FromConfiguration(configuration);
            var factory = new ProviderChatClientFactory(settings, new ProviderFactoryOptions
            {
                BasePath = Path.GetDirectoryName(fullPath),
                GetEnvironmentVariable = host.GetEnvironmentVariable,
            });
            return new PipelineConfiguration(fullPath, settings, factory);
        }
        catch (ConvergenceConfigurationException ex)
        {
            throw new UsageException(OneLine(ex.Message));
        }
    }

    /// <summary>The pipeline with the participants and every mapped section; <paramref name="store"/> enables checkpoints.</summary>
    public IConvergencePipeline CreatePipeline(CliHost host, string? store)
    {
        var builder = new ConvergencePipelineBuilder().AddParticipants(Factory);
        var synthesizer = CreateSynthesizer(Settings.Synthesis);
        if (synthesizer is not null)
        {
            builder.UseSynthesizer(synthesizer);
        }

        var verifier = CreateVerifier();
        var policy = CreatePolicy();
        var secrets = Secrets(host).ToList();
        builder.Configure(o =>
        {
            if (Settings.Build.TopK is { } topK)
            {
                o.Build.TopK = Positive(topK, "Build:TopK");
            }

            if (Settings.Build.MaxIterations is { } iterations)
            {
                o.Build.MaxIterations = Positive(iterations, "Build:MaxIterations");
            }

            if (verifier is not null)
            {
                o.Build.Verifier = verifier;
            }

            o.Audit.Policy = policy;
            if (Settings.Resilience.TimeoutSeconds is { } seconds)
            {
                o.Resilience.Timeout = double.IsFinite(seconds) && seconds > 0 && seconds <= int.MaxValue / 1000
                    ? TimeSpan.FromSeconds(seconds)
                    : throw Bad("Resilience:TimeoutSeconds", "must be a positive number of seconds");
            }

            if (Settings.Resilience.ExplorerQuorum is { } quorum)
            {
                var explorers = Factory.GetParticipants(ConvergenceRole.Explorer).Count;
                o.ExplorerQuorum = quorum >= 1 && quorum <= explorers
                    ? quorum
                    : throw Bad("Resilience:ExplorerQuorum", $"must be between 1 and the number of explorers ({explorers})");
            }

            ApplyBudget(o);
            if (store is not null)
            {
                o.RunStore = new FileRunStore(Path.GetFullPath(store));
            }

            foreach (var secret in secrets)
            {
                o.Secrets.Add(secret);
            }
        });

        // The builder's own checks (for example auditors on their builder's provider) run here, still before any call.
        return Validate(builder);
    }

    /// <summary>Builds the pipeline, turning the builder's validation errors into one-line usage errors.</summary>
    public static IConvergencePipeline Validate(ConvergencePipelineBuilder builder)
    {
        try
        {
            return builder.Build();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new UsageException($"the configuration is not valid: {OneLine(ex.Message)}");
        }
    }

    /// <summary>
    /// The synthesizer for <c>Synthesis:Dedup</c> (exact, lexical, semantic, hybrid). <see langword="null"/> keeps the
    /// pipeline's default. Each strategy is one switch arm; dedup is followed by consensus ranking.
    /// </summary>
    internal static ISynthesizer? CreateSynthesizer(SynthesisSettings synthesis)
    {
        if (synthesis.Threshold is { } threshold && (!double.IsFinite(threshold) || threshold <= 0 || threshold > 1))
        {
            throw Bad("Synthesis:Threshold", "must be a number greater than 0 and at most 1");
        }

        var dedup = synthesis.Dedup?.Trim().ToLowerInvariant();
        ISynthesizer? deduplicator = dedup switch
        {
            null or "" => null,
            "exact" => new ExactDedupSynthesizer(),
            "lexical" or "semantic" or "hybrid" => throw Bad(
                "Synthesis:Dedup", $"is '{dedup}', which this build does not offer yet; use 'exact' (or leave it unset for the default)"),
            _ => throw Bad("Synthesis:Dedup", $"is '{synthesis.Dedup}'; expected exact, lexical, semantic or hybrid"),
        };

        return deduplicator is null ? null : new CompositeSynthesizer(deduplicator, new ConsensusSynthesizer());
    }

    private CommandVerifier? CreateVerifier()
    {
        if (string.IsNullOrWhiteSpace(Settings.Build.VerifyCommand))
        {
            if (Factory.GetParticipants(ConvergenceRole.Builder).Count > 0)
            {
                throw Bad("Build:VerifyCommand", "is required when builders are configured (a command that exits 0 when the artifact is good)");
            }

            return null;
        }

        try
        {
            var verifier = CommandVerifier.Parse(Settings.Build.VerifyCommand);
            verifier.WorkingDirectory = BaseDirectory;
            return verifier;
        }
        catch (ArgumentException ex)
        {
            throw Bad("Build:VerifyCommand", $"cannot be parsed: {OneLine(ex.Message)}");
        }
    }

    private AuditPolicy CreatePolicy()
    {
        var policy = new AuditPolicy();
        var auditors = Factory.GetParticipants(ConvergenceRole.Auditor).Count;
        var value = Settings.Audit.Policy?.Trim().ToLowerInvariant();
        switch (value)
        {
            case null or "":
                break;
            case "majority":
                policy.Quorum = AuditQuorum.Majority;
                break;
            case "unanimous":
                policy.Quorum = AuditQuorum.Unanimous;
                break;
            default:
                var match = NOfM().Match(value);
                if (!match.Success)
                {
                    throw Bad("Audit:Policy", $"is '{Settings.Audit.Policy}'; expected majority, unanimous or N-of-M (for example 2-of-3)");
                }

                var n = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                var m = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                if (n < 1 || n > m || m != auditors)
                {
                    throw Bad("Audit:Policy", $"is '{value}', but {auditors} auditor(s) are configured; N-of-M needs 1 <= N <= M and M = the number of auditors");
                }

                policy.Quorum = AuditQuorum.AtLeast;
                policy.RequiredApprovals = n;
                break;
        }

        policy.VetoSeverity = Settings.Audit.VetoSeverity?.Trim().ToLowerInvariant() switch
        {
            null or "" => policy.VetoSeverity,
            "none" => null,
            "low" => RiskSeverity.Low,
            "medium" => RiskSeverity.Medium,
            "high" => RiskSeverity.High,
            "critical" => RiskSeverity.Critical,
            _ => throw Bad("Audit:VetoSeverity", $"is '{Settings.Audit.VetoSeverity}'; expected low, medium, high, critical or none"),
        };
        return policy;
    }

    /// <summary>Budget:MaxTokens. The run budget option lands with the telemetry work; until then a set budget is refused rather than ignored.</summary>
    private void ApplyBudget(ConvergencePipelineOptions options)
    {
        _ = options;
        if (Settings.Budget.MaxTokens is { } maxTokens)
        {
            throw Bad("Budget:MaxTokens", maxTokens < 1 ? "must be a positive number of tokens" : "is not supported by this build yet (no run budget); remove it");
        }
    }

    /// <summary>The API keys of the providers some participant uses: the pipeline scrubs them from errors, results and logs.</summary>
    private IEnumerable<string> Secrets(CliHost host)
    {
        foreach (var key in Factory.Participants.Select(static p => p.ProviderKey).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (Settings.Providers.TryGetValue(key, out var provider) &&
                provider.ApiKeyEnv is { Length: > 0 } variable &&
                host.GetEnvironmentVariable(variable) is { Length: > 0 } secret)
            {
                yield return secret;
            }
        }
    }

    private static int Positive(int value, string key) => value >= 1 ? value : throw Bad(key, "must be at least 1");

    private static UsageException Bad(string key, string problem) => new($"{Section}:{key} {problem}");

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// The <c>Convergence__…</c> environment variables as configuration keys (what <c>AddEnvironmentVariables</c> does,
    /// read from the host so tests can supply their own environment).
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string?>> EnvironmentOverrides(CliHost host) =>
        from pair in host.Environment
        where pair.Key.StartsWith(Section + "__", StringComparison.OrdinalIgnoreCase)
        select new KeyValuePair<string, string?>(pair.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), pair.Value);

    [GeneratedRegex(@"^(\d+)\s*-?\s*of\s*-?\s*(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex NOfM();
}
