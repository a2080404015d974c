namespace Convergence;

/// <summary>How participant calls survive failures: timeouts, retries with jittered backoff, a circuit breaker per provider, and deadlines.</summary>
/// <remarks>
/// <para>
/// Every participant call runs through a Polly pipeline: retry (outermost) around the provider's circuit breaker around a timeout per attempt.
/// Transient failures are retried: HTTP 408, 429 and 5xx (from <see cref="System.Net.Http.HttpRequestException"/> and from provider SDK exceptions
/// that carry a status code), network errors and timeouts. See <see cref="TransientErrors"/>.
/// </para>
/// <para>The defaults suit hosted providers: 60 s per attempt, 2 retries from 1 s to 30 s with jitter, and a breaker that opens for 30 s when half of at least 8 calls to a provider fail within 30 s.</para>
/// </remarks>
public sealed class ResilienceOptions
{
    /// <summary>Gets or sets a value indicating whether participant calls run through the resilience pipeline at all. The default is <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the timeout of one attempt of a participant call. The default is 60 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how many times a transient failure is retried (0 disables retries). The default is 2.</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>Gets or sets the base delay of the exponential backoff between retries. The default is 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between retries. The default is 30 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets a value indicating whether retry delays are jittered, so participants that failed together do not retry together. The default is <see langword="true"/>.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether each provider has a circuit breaker, shared by all its participants and all runs of a pipeline. The default is <see langword="true"/>.</summary>
    public bool CircuitBreakerEnabled { get; set; } = true;

    /// <summary>Gets or sets the failure ratio, between 0 and 1, above which a provider's circuit opens. The default is 0.5.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many calls a provider must have had in the sampling window before its circuit can open (at least 2). The default is 8.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 8;

    /// <summary>Gets or sets the window over which the failure ratio is measured (at least 0.5 s). The default is 30 seconds.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an open circuit rejects calls before it lets one through to test the provider (at least 0.5 s). The default is 30 seconds.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the deadline of a whole run, or <see langword="null"/> for none (the default).</summary>
    /// <remarks>When it passes, calls in flight are cancelled and reported as timed out, the remaining stages are skipped, and the result is partial (or failed, below the quorum).</remarks>
    public TimeSpan? RunTimeout { get; set; }

    /// <summary>Gets the deadline of each stage, by stage name (for example <see cref="ConvergenceStageNames.Explore"/>); a stage not listed has none.</summary>
    /// <remarks>When a stage's deadline passes, its calls in flight are cancelled and reported as timed out; the next stages run with what arrived.</remarks>
    public IDictionary<string, TimeSpan> StageTimeouts { get; } = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets how long the explore stage waits for stragglers once the explorer quorum is reached, or <see langword="null"/> to wait for every explorer (the default).</summary>
    /// <remarks>When the grace period ends, explorers still working are cancelled and reported as <see cref="ParticipantErrorKind.Late"/>. This cuts latency and cost.</remarks>
    public TimeSpan? QuorumGracePeriod { get; set; }

    /// <summary>Gets overrides per role, keyed by role name (<c>explorer</c>, <c>builder</c>, <c>auditor</c>).</summary>
    public IDictionary<string, ParticipantResilienceOptions> Roles { get; } = new Dictionary<string, ParticipantResilienceOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets overrides per participant, keyed by participant name; they win over the role's.</summary>
    public IDictionary<string, ParticipantResilienceOptions> Participants { get; } = new Dictionary<string, ParticipantResilienceOptions>(StringComparer.Ordinal);

    /// <summary>Gets or sets the predicate that decides whether a failure is transient (retried and counted by the circuit breaker); by default <see cref="TransientErrors.IsTransient(Exception)"/>.</summary>
    public Func<Exception, bool>? ShouldRetry { get; set; }

    internal static void ValidatePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "The value must be positive.");
        }
    }

    internal ResolvedResilience Resolve(ConvergenceRole role, string participant)
    {
        _ = Roles.TryGetValue(role.Value, out var byRole);
        _ = Participants.TryGetValue(participant, out var byName);
        return new ResolvedResilience(
            byName?.Timeout ?? byRole?.Timeout ?? Timeout,
            byName?.MaxRetryAttempts ?? byRole?.MaxRetryAttempts ?? MaxRetryAttempts,
            byName?.RetryDelay ?? byRole?.RetryDelay ?? RetryDelay,
            byName?.MaxRetryDelay ?? byRole?.MaxRetryDelay ?? MaxRetryDelay,
            byName?.UseJitter ?? byRole?.UseJitter ?? UseJitter);
    }

    internal void Validate()
    {
        const string Prefix = nameof(ConvergencePipelineOptions.Resilience);
        ValidatePositive(Timeout, $"{Prefix}.{nameof(Timeout)}");
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAttempts, $"{Prefix}.{nameof(MaxRetryAttempts)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, $"{Prefix}.{nameof(RetryDelay)}");
        ValidatePositive(MaxRetryDelay, $"{Prefix}.{nameof(MaxRetryDelay)}");
        if (double.IsNaN(CircuitBreakerFailureRatio) || CircuitBreakerFailureRatio <= 0 || CircuitBreakerFailureRatio > 1)
        {
            throw new ArgumentOutOfRangeException($"{Prefix}.{nameof(CircuitBreakerFailureRatio)}", CircuitBreakerFailureRatio, "The ratio must be greater than 0 and at most 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(CircuitBreakerMinimumThroughput, 2, $"{Prefix}.{nameof(CircuitBreakerMinimumThroughput)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(CircuitBreakerSamplingDuration, TimeSpan.FromMilliseconds(500), $"{Prefix}.{nameof(CircuitBreakerSamplingDuration)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(CircuitBreakerBreakDuration, TimeSpan.FromMilliseconds(500), $"{Prefix}.{nameof(CircuitBreakerBreakDuration)}");
        if (RunTimeout is { } run)
        {
            ValidatePositive(run, $"{Prefix}.{nameof(RunTimeout)}");
        }

        if (QuorumGracePeriod is { } grace)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero, $"{Prefix}.{nameof(QuorumGracePeriod)}");
        }

        foreach (var (stage, timeout) in StageTimeouts)
        {
            ValidatePositive(timeout, $"{Prefix}.{nameof(StageTimeouts)}[{stage}]");
        }

        foreach (var (role, overrides) in Roles)
        {
            ArgumentNullException.ThrowIfNull(overrides, $"{Prefix}.{nameof(Roles)}[{role}]");
            overrides.Validate($"{Prefix}.{nameof(Roles)}[{role}]");
        }

        foreach (var (name, overrides) in Participants)
        {
            ArgumentNullException.ThrowIfNull(overrides, $"{Prefix}.{nameof(Participants)}[{name}]");
            overrides.Validate($"{Prefix}.{nameof(Participants)}[{name}]");
        }
    }
}

/// <summary>The settings that apply to one participant once the overrides are resolved.</summary>
internal readonly record struct ResolvedResilience(TimeSpan Timeout, int MaxRetryAttempts, TimeSpan RetryDelay, TimeSpan MaxRetryDelay, bool UseJitter);
