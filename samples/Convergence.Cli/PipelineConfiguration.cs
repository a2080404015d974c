using System.Globalization;
using System.Text.RegularExpressions;
using Convergence.Providers;
using Microsoft.Extensions.AI;
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
        builder.UseSynthesizer(CreateSynthesizer(Settings.Synthesis, note => host.Error.WriteLine(note)));

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
    /// The synthesizer for <c>Synthesis:Dedup</c> (exact, lexical, semantic, hybrid), followed by consensus ranking. Unset, it
    /// merges paraphrases (DESIGN.md): semantic on the local embedding model when it runs here, lexical otherwise.
    /// </summary>
    /// <param name="synthesis">The settings.</param>
    /// <param name="notes">Receives what the caller should print (for example a fallback to lexical).</param>
    internal static ISynthesizer CreateSynthesizer(SynthesisSettings synthesis, Action<string> notes)
    {
        if (synthesis.Threshold is { } threshold && (!double.IsFinite(threshold) || threshold <= 0 || threshold > 1))
        {
            throw Bad("Synthesis:Threshold", "must be a number greater than 0 and at most 1");
        }

        IEmbeddingGenerator<string, Embedding<float>> RequireModel(string dedup) =>
            LocalEmbeddings.TryGet(out var problem)
            ?? throw Bad("Synthesis:Dedup", $"is '{dedup}', but the local embedding model cannot run here ({problem}); use lexical");

        LexicalDedupSynthesizer Lexical() => new(new LexicalDedupSynthesizerOptions { Threshold = synthesis.Threshold ?? LexicalDedupSynthesizerOptions.DefaultThreshold });

        SemanticDedupSynthesizer Semantic(IEmbeddingGenerator<string, Embedding<float>> model, double lexicalWeight) =>
            new(model, new SemanticDedupSynthesizerOptions { Threshold = synthesis.Threshold ?? SemanticDedupSynthesizerOptions.DefaultThreshold, LexicalWeight = lexicalWeight });

        var dedup = synthesis.Dedup?.Trim().ToLowerInvariant();
        ISynthesizer deduplicator = dedup switch
        {
            null or "" => LocalEmbeddings.TryGet(out var problem) is { } model
                ? Semantic(model, lexicalWeight: 0)
                : Fallback(problem),
            "exact" => new ExactDedupSynthesizer(),
            "lexical" => Lexical(),
            "semantic" => Semantic(RequireModel(dedup), lexicalWeight: 0),
            "hybrid" => Semantic(RequireModel(dedup), HybridLexicalWeight),
            _ => throw Bad("Synthesis:Dedup", $"is '{synthesis.Dedup}'; expected exact, lexical, semantic or hybrid"),
        };

        // Findings whose titles are equal once normalised are always one candidate; the chosen dedup then merges the rest.
        return deduplicator is ExactDedupSynthesizer
            ? new CompositeSynthesizer(deduplicator, new ConsensusSynthesizer())
            : new CompositeSynthesizer(new ExactDedupSynthesizer(), deduplicator, new ConsensusSynthesizer());

        LexicalDedupSynthesizer Fallback(string? problem)
        {
            notes($"note: the local embedding model cannot run here ({problem}); paraphrases are merged lexically instead.");
            return Lexical();
        }
    }

    /// <summary>The lexical share of the hybrid score, chosen on the tune split by the quality harness (docs/synthesis.md).</summary>
    private const double HybridLexicalWeight = 0.2;

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

    /// <summary>Budget:MaxTokens and Budget:MaxCost, and the Prices that cost is computed from.</summary>
    private void ApplyBudget(ConvergencePipelineOptions options)
    {
        if (Settings.Prices.Count > 0)
        {
            var prices = new PriceTable();
            for (var i = 0; i < Settings.Prices.Count; i++)
            {
                var price = Settings.Prices[i];
                if (string.IsNullOrWhiteSpace(price.Provider))
                {
                    throw Bad($"Prices:{i}:Provider", "is missing: name the provider the result reports (the provider key, or a replay recording's provider)");
                }

                if (price.InputPerMillion < 0 || price.OutputPerMillion < 0)
                {
                    throw Bad($"Prices:{i}", "prices cannot be negative");
                }

                _ = prices.Add(price.Provider, price.Model, price.InputPerMillion, price.OutputPerMillion);
            }

            options.CostEstimator = prices;
        }

        if (Settings.Budget.MaxTokens is { } maxTokens)
        {
            options.Budget.MaxTokens = maxTokens >= 1 ? maxTokens : throw Bad("Budget:MaxTokens", "must be a positive number of tokens");
        }

        if (Settings.Budget.MaxCost is { } maxCost)
        {
            options.Budget.MaxCost = maxCost <= 0
                ? throw Bad("Budget:MaxCost", "must be a positive amount")
                : Settings.Prices.Count == 0 ? throw Bad("Budget:MaxCost", "needs Convergence:Prices to compute cost from") : maxCost;
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
