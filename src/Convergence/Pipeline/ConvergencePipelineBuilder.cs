using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Convergence;

/// <summary>Builds an <see cref="IConvergencePipeline"/>: participants per role, the synthesizer, stage middleware and options.</summary>
/// <remarks>
/// Middleware added with <c>Use</c> wraps every stage; the first added is the outermost, as in <c>ChatClientBuilder</c>.
/// Participants and factories are resolved when <see cref="Build"/> runs, from the service provider it is given.
/// A builder may be built several times; each pipeline is independent and safe for concurrent runs.
/// </remarks>
public sealed class ConvergencePipelineBuilder
{
    private readonly List<ParticipantRegistration> _participants = [];
    private readonly List<Func<IConvergenceStage, IServiceProvider, IConvergenceStage>> _middleware = [];
    private readonly List<Action<ConvergencePipelineOptions>> _configure = [];
    private Func<IServiceProvider, ISynthesizer>? _synthesizerFactory;

    /// <summary>Adds a participant in any role.</summary>
    /// <param name="role">The role.</param>
    /// <param name="clientFactory">Creates (or resolves) the participant's chat client when the pipeline is built.</param>
    /// <param name="configure">Names and describes the participant; optional.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clientFactory"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder AddParticipant(ConvergenceRole role, Func<IServiceProvider, IChatClient> clientFactory, Action<ParticipantOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(clientFactory);
        var options = new ParticipantOptions();
        configure?.Invoke(options);
        _participants.Add(new(role, clientFactory, options));
        return this;
    }

    /// <summary>Adds an explorer.</summary>
    /// <param name="client">The explorer's chat client.</param>
    /// <param name="configure">Names and describes the participant; optional.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder AddExplorer(IChatClient client, Action<ParticipantOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return AddParticipant(ConvergenceRole.Explorer, _ => client, configure);
    }

    /// <summary>Adds an explorer whose chat client is created when the pipeline is built.</summary>
    /// <param name="clientFactory">Creates the explorer's chat client.</param>
    /// <param name="configure">Names and describes the participant; optional.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clientFactory"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder AddExplorer(Func<IServiceProvider, IChatClient> clientFactory, Action<ParticipantOptions>? configure = null) =>
        AddParticipant(ConvergenceRole.Explorer, clientFactory, configure);

    /// <summary>Adds an explorer whose chat client is the keyed <see cref="IChatClient"/> service registered under <paramref name="serviceKey"/>.</summary>
    /// <param name="serviceKey">The service key (for example the one given to <c>AddKeyedChatClient</c>).</param>
    /// <param name="configure">Names and describes the participant; optional. The name defaults to the key when it is a string.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceKey"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder AddKeyedExplorer(object serviceKey, Action<ParticipantOptions>? configure = null) =>
        AddKeyedParticipant(ConvergenceRole.Explorer, serviceKey, configure);

    /// <summary>Adds a builder: it implements the top candidates and iterates on the verifier's feedback.</summary>
    /// <param name="client">The builder's chat client.</param>
    /// <param name="configure">Names and describes the participant; optional.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder AddBuilder(IChatClient client, Action<ParticipantOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return AddParticipant(ConvergenceRole.Builder, _ => client, configure);
    }

    /// <summary>Adds a builder whose chat client is created when the pipeline is built.</summary>
    /// <param name="clientFactory">Creates the builder's chat client.</param>
    /// <param name="configure">Names and describes the participant; optional.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clientFactory"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder AddBuilder(Func<IServiceProvider, IChatClient> clientFactory, Action<ParticipantOptions>? configure = null) =>
        AddParticipant(ConvergenceRole.Builder, clientFactory, configure);

    /// <summary>Adds a builder whose chat client is the keyed <see cref="IChatClient"/> service registered under <paramref name="serviceKey"/>.</summary>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="configure">Names and describes the participant; optional. The name defaults to the key when it is a string.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceKey"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder AddKeyedBuilder(object serviceKey, Action<ParticipantOptions>? configure = null) =>
        AddKeyedParticipant(ConvergenceRole.Builder, serviceKey, configure);

    /// <summary>Adds an auditor: it reviews verified artifacts and returns a verdict. Prefer a provider other than the builders'.</summary>
    /// <param name="client">The auditor's chat client.</param>
    /// <param name="configure">Names and describes the participant; optional.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder AddAuditor(IChatClient client, Action<ParticipantOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return AddParticipant(ConvergenceRole.Auditor, _ => client, configure);
    }

    /// <summary>Adds an auditor whose chat client is created when the pipeline is built.</summary>
    /// <param name="clientFactory">Creates the auditor's chat client.</param>
    /// <param name="configure">Names and describes the participant; optional.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clientFactory"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder AddAuditor(Func<IServiceProvider, IChatClient> clientFactory, Action<ParticipantOptions>? configure = null) =>
        AddParticipant(ConvergenceRole.Auditor, clientFactory, configure);

    /// <summary>Adds an auditor whose chat client is the keyed <see cref="IChatClient"/> service registered under <paramref name="serviceKey"/>.</summary>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="configure">Names and describes the participant; optional. The name defaults to the key when it is a string.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceKey"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder AddKeyedAuditor(object serviceKey, Action<ParticipantOptions>? configure = null) =>
        AddKeyedParticipant(ConvergenceRole.Auditor, serviceKey, configure);

    /// <summary>Adds a participant whose chat client is the keyed <see cref="IChatClient"/> service registered under <paramref name="serviceKey"/>.</summary>
    /// <param name="role">The role.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="configure">Names and describes the participant; optional. The name defaults to the key when it is a string.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceKey"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder AddKeyedParticipant(ConvergenceRole role, object serviceKey, Action<ParticipantOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        return AddParticipant(
            role,
            services => services.GetKeyedService<IChatClient>(serviceKey) ?? throw new InvalidOperationException(
                $"No IChatClient is registered under the key '{serviceKey}' for a {role} participant. Register one with AddKeyedChatClient(\"{serviceKey}\", ...)."),
            options =>
            {
                options.Name = serviceKey as string;
                configure?.Invoke(options);
            });
    }

    /// <summary>Sets the synthesizer that deduplicates and ranks the findings; by default exact dedup then consensus.</summary>
    /// <param name="synthesizer">The synthesizer (compose several with <see cref="CompositeSynthesizer"/>).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="synthesizer"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder UseSynthesizer(ISynthesizer synthesizer)
    {
        ArgumentNullException.ThrowIfNull(synthesizer);
        _synthesizerFactory = _ => synthesizer;
        return this;
    }

    /// <summary>Sets the synthesizer, created when the pipeline is built.</summary>
    /// <param name="synthesizerFactory">Creates the synthesizer.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="synthesizerFactory"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder UseSynthesizer(Func<IServiceProvider, ISynthesizer> synthesizerFactory)
    {
        ArgumentNullException.ThrowIfNull(synthesizerFactory);
        _synthesizerFactory = synthesizerFactory;
        return this;
    }

    /// <summary>Adds middleware that wraps every stage.</summary>
    /// <param name="stageFactory">Wraps a stage (typically in a <see cref="DelegatingConvergenceStage"/>).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stageFactory"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder Use(Func<IConvergenceStage, IConvergenceStage> stageFactory)
    {
        ArgumentNullException.ThrowIfNull(stageFactory);
        return Use((stage, _) => stageFactory(stage));
    }

    /// <summary>Adds middleware that wraps every stage, with access to the services the pipeline is built with.</summary>
    /// <param name="stageFactory">Wraps a stage (typically in a <see cref="DelegatingConvergenceStage"/>).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stageFactory"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder Use(Func<IConvergenceStage, IServiceProvider, IConvergenceStage> stageFactory)
    {
        ArgumentNullException.ThrowIfNull(stageFactory);
        _middleware.Add(stageFactory);
        return this;
    }

    /// <summary>Adds middleware in the ASP.NET Core shape: a function from the next delegate to a new delegate.</summary>
    /// <param name="middleware">Creates the delegate that runs around <c>next</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="middleware"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder Use(Func<StageDelegate, StageDelegate> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        return Use((stage, _) =>
        {
            var run = middleware(stage.RunAsync);
            return run is null ? null! : new AnonymousDelegatingConvergenceStage(stage, (context, _, cancellationToken) => run(context, cancellationToken));
        });
    }

    /// <summary>Adds inline middleware: <c>(context, next, cancellationToken) =&gt; …</c>, where <c>next</c> runs the rest of the chain.</summary>
    /// <param name="middleware">The middleware.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="middleware"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder Use(Func<ConvergenceContext, StageDelegate, CancellationToken, Task> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        return Use((stage, _) => new AnonymousDelegatingConvergenceStage(stage, middleware));
    }

    /// <summary>Configures the pipeline's options; several calls apply in order.</summary>
    /// <param name="configure">Sets options.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    public ConvergencePipelineBuilder Configure(Action<ConvergencePipelineOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configure.Add(configure);
        return this;
    }

    /// <summary>Builds the pipeline.</summary>
    /// <param name="services">The services that participants, synthesizers and middleware resolve from; optional.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="InvalidOperationException">
    /// There is no explorer, two participants share a name, a factory returned <see langword="null"/>, there are builders but no
    /// verifier, or <see cref="AuditOptions.RequireIndependentAuditors"/> is set and every builder shares its provider with an auditor.
    /// </exception>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    public IConvergencePipeline Build(IServiceProvider? services = null)
    {
        services ??= EmptyServiceProvider.Instance;

        var options = new ConvergencePipelineOptions();
        foreach (var configure in _configure)
        {
            configure(options);
        }

        options.Validate(_participants.Count(static p => p.Role == ConvergenceRole.Auditor));

        if (!_participants.Exists(static p => p.Role == ConvergenceRole.Explorer))
        {
            throw new InvalidOperationException(
                "The pipeline has no explorer. Add at least one with AddExplorer (ideally several, from different providers).");
        }

        var warnings = new List<string>();
        var participants = ResolveParticipants(services, warnings);
        var synthesizer = _synthesizerFactory?.Invoke(services)
            ?? new CompositeSynthesizer(new ExactDedupSynthesizer(), new ConsensusSynthesizer());

        List<IConvergenceStage> stages =
        [
            new ExploreStage(options.Explore, options.ExplorerQuorum, options.Resilience.QuorumGracePeriod),
            new SynthesizeStage(synthesizer),
        ];

        AddBuildAndAuditStages(options, participants, services, stages, warnings);
        for (var s = 0; s < stages.Count; s++)
        {
            stages[s] = Wrap(stages[s], services);
        }

        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(ResilienceLog.Category);
        var redactor = new SecretRedactor(options.Secrets);
        var resilience = new ParticipantResilience(participants, options.Resilience, options.TimeProvider, logger, redactor);
        var runtime = new PipelineRuntime(
            resilience, options.RunStore ?? services.GetService<IRunStore>(), redactor, logger, options.Resilience.RunTimeout,
            new Dictionary<string, TimeSpan>(options.Resilience.StageTimeouts, StringComparer.OrdinalIgnoreCase));
        return new ConvergencePipeline(participants, stages, services, options.TimeProvider, warnings, runtime);
    }

    /// <summary>No builders: stop after synthesis. Builders and no auditors: stop after build. Both: build, then audit.</summary>
    private static void AddBuildAndAuditStages(
        ConvergencePipelineOptions options, List<Participant> participants, IServiceProvider services, List<IConvergenceStage> stages, List<string> warnings)
    {
        var builders = participants.FindAll(static p => p.Role == ConvergenceRole.Builder);
        var auditors = participants.FindAll(static p => p.Role == ConvergenceRole.Auditor);
        if (builders.Count == 0)
        {
            if (auditors.Count > 0)
            {
                warnings.Add("Auditors are configured but no builder: there is nothing to audit, so the run stops after synthesis.");
            }

            return;
        }

        var verifier = options.Build.Verifier ?? services.GetService<IBuildVerifier>() ?? throw new InvalidOperationException(
            "The pipeline has builders but no verifier. Set Build.Verifier (for example a CommandVerifier) or register an IBuildVerifier service.");
        var builder = new CandidateBuilder(options.Build, verifier);
        stages.Add(new BuildStage(builder, hasAuditors: auditors.Count > 0));
        if (auditors.Count == 0)
        {
            return;
        }

        // Every auditor reviews every artifact, so when every builder has a same-provider auditor, a non-independent review is certain.
        if (options.Audit.RequireIndependentAuditors &&
            builders.TrueForAll(b => auditors.Exists(a => string.Equals(a.Provider, b.Provider, StringComparison.OrdinalIgnoreCase))))
        {
            var pairs = from b in builders
                        from a in auditors
                        where string.Equals(a.Provider, b.Provider, StringComparison.OrdinalIgnoreCase)
                        select $"auditor '{a.Name}' and builder '{b.Name}' are both on '{a.Provider}'";
            throw new InvalidOperationException(
                "Independent auditors are required (Audit.RequireIndependentAuditors), but every artifact would be reviewed by an auditor on its builder's provider: " +
                string.Join("; ", pairs) + ". Add an auditor or a builder from another provider.");
        }

        stages.Add(new AuditStage(options.Audit, builder));
    }

    private IConvergenceStage Wrap(IConvergenceStage stage, IServiceProvider services)
    {
        for (var i = _middleware.Count - 1; i >= 0; i--)
        {
            stage = _middleware[i](stage, services) ?? throw new InvalidOperationException(
                $"The middleware at index {i} returned null for the '{stage.Name}' stage. Middleware must return a stage.");
        }

        return stage;
    }

    private List<Participant> ResolveParticipants(IServiceProvider services, List<string> warnings)
    {
        var participants = new List<Participant>(_participants.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _participants.Count; i++)
        {
            var (role, factory, options) = _participants[i];
            var client = factory(services) ?? throw new InvalidOperationException(
                $"The client factory of participant {i} ({role}) returned null.");
            var metadata = client.GetService<ChatClientMetadata>();
            var provider = options.Provider ?? metadata?.ProviderName;
            if (string.IsNullOrWhiteSpace(provider))
            {
                provider = "unknown";
                warnings.Add(
                    $"The provider of {role} {i} ('{options.Name ?? "unnamed"}') is unknown; it is counted as provider 'unknown'. " +
                    "Set ParticipantOptions.Provider so consensus can tell independent providers apart.");
            }

            var model = options.Model ?? metadata?.DefaultModelId;
            var name = options.Name;
            if (name is null)
            {
                var baseName = string.IsNullOrEmpty(model) ? provider : $"{provider}/{model}";
                name = baseName;
                for (var n = 2; names.Contains(name); n++)
                {
                    name = $"{baseName}#{n}";
                }
            }
            else if (names.Contains(name))
            {
                throw new InvalidOperationException(
                    $"Two participants are named '{name}'. Participant names must be unique within a pipeline.");
            }

            _ = names.Add(name);
            participants.Add(new Participant(name, role, provider, model, client)
            {
                Instructions = options.Instructions,
                Options = options.ChatOptions,
                SendModelId = options.Model is not null,
                Fallbacks = [.. options.Fallbacks],
            });
        }

        return participants;
    }

    private readonly record struct ParticipantRegistration(ConvergenceRole Role, Func<IServiceProvider, IChatClient> Factory, ParticipantOptions Options);

    private sealed class EmptyServiceProvider : IKeyedServiceProvider
    {
        public static EmptyServiceProvider Instance { get; } = new();

        public object? GetService(Type serviceType) => null;

        public object? GetKeyedService(Type serviceType, object? serviceKey) => null;

        public object GetRequiredKeyedService(Type serviceType, object? serviceKey) =>
            throw new InvalidOperationException(
                $"No service for type '{serviceType}' has been registered under key '{serviceKey}': the pipeline was built without a service provider.");
    }
}
