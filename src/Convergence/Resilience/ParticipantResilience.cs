using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Convergence;

/// <summary>
/// The Polly pipelines of one convergence pipeline: per participant (and per backup) a retry around the provider's circuit breaker around a
/// timeout per attempt. Circuit breakers are per provider and live here, on the pipeline, so every run of the pipeline shares them.
/// </summary>
internal sealed class ParticipantResilience
{
    private readonly Dictionary<string, ResiliencePipeline[]> _pipelines = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly SecretRedactor _redactor;

    public ParticipantResilience(
        IReadOnlyList<Participant> participants, ResilienceOptions options, TimeProvider timeProvider, ILogger logger, SecretRedactor redactor)
    {
        _logger = logger;
        _redactor = redactor;
        var shouldRetry = options.ShouldRetry ?? TransientErrors.IsTransient;
        var breakers = new Dictionary<string, ResiliencePipeline>(StringComparer.OrdinalIgnoreCase);
        foreach (var participant in participants)
        {
            var targets = new ResiliencePipeline[1 + participant.Fallbacks.Count];
            for (var i = 0; i < targets.Length; i++)
            {
                var provider = i == 0 ? participant.Provider : participant.Fallbacks[i - 1].Provider;
                targets[i] = options.Enabled
                    ? Create(participant, provider, options, shouldRetry, timeProvider, breakers)
                    : ResiliencePipeline.Empty;
            }

            _pipelines[participant.Name] = targets;
        }
    }

    /// <summary>Calls the participant through its pipeline, then through each backup's, until one answers.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CallOutcome> ExecuteAsync(
        Participant participant, IList<ChatMessage> messages, ChatOptions options, CallAttempts attempts, CancellationToken cancellationToken)
    {
        var targets = _pipelines.TryGetValue(participant.Name, out var known) ? known : [ResiliencePipeline.Empty];
        Exception? last = null;
        for (var i = 0; i < targets.Length; i++)
        {
            var client = i == 0 ? participant.Client : participant.Fallbacks[i - 1].Client;
            var provider = i == 0 ? participant.Provider : participant.Fallbacks[i - 1].Provider;
            var model = i == 0 ? participant.Model : participant.Fallbacks[i - 1].Model ?? string.Empty;
            var callOptions = options;
            if (i > 0)
            {
                // A backup gets its own model (never the planned one's), on a clone: the caller's options are never mutated.
                callOptions = options.Clone();
                callOptions.ModelId = participant.Fallbacks[i - 1].Model;
            }

            try
            {
                var response = await targets[i].ExecuteAsync(
                    static async (state, token) =>
                    {
                        state.Attempts.Increment();
                        return await state.Client.GetResponseAsync(state.Messages, state.Options, token);
                    },
                    new CallState(client, messages, callOptions, attempts),
                    cancellationToken);
                return new CallOutcome(response, provider, string.IsNullOrEmpty(model) ? response.ModelId ?? string.Empty : model, null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                last = ex;
                if (i + 1 < targets.Length)
                {
                    ResilienceLog.FailingOver(_logger, participant.Name, provider, participant.Fallbacks[i].Provider, _redactor.Redact(ex.Message));
                }
            }
        }

        return new CallOutcome(null, participant.Provider, participant.Model, last);
    }

    private ResiliencePipeline Create(
        Participant participant,
        string provider,
        ResilienceOptions options,
        Func<Exception, bool> shouldRetry,
        TimeProvider timeProvider,
        Dictionary<string, ResiliencePipeline> breakers)
    {
        var settings = options.Resolve(participant.Role, participant.Name);
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (settings.MaxRetryAttempts > 0)
        {
            var name = participant.Name;
            _ = builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = settings.UseJitter,
                Delay = settings.RetryDelay,
                MaxDelay = settings.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && !args.Context.CancellationToken.IsCancellationRequested && shouldRetry(ex)),
                OnRetry = args =>
                {
                    ResilienceLog.Retrying(
                        _logger, name, args.AttemptNumber + 1, args.RetryDelay, _redactor.Redact(args.Outcome.Exception?.Message ?? "unknown failure"));
                    return default;
                },
            });
        }

        if (options.CircuitBreakerEnabled)
        {
            if (!breakers.TryGetValue(provider, out var breaker))
            {
                breaker = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
                    .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                    {
                        FailureRatio = options.CircuitBreakerFailureRatio,
                        MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                        SamplingDuration = options.CircuitBreakerSamplingDuration,
                        BreakDuration = options.CircuitBreakerBreakDuration,
                        ShouldHandle = args => ValueTask.FromResult(
                            args.Outcome.Exception is { } ex && ex is not OperationCanceledException { CancellationToken.IsCancellationRequested: true } && shouldRetry(ex)),
                        OnOpened = args =>
                        {
                            ResilienceLog.CircuitOpened(_logger, provider, args.BreakDuration);
                            return default;
                        },
                    })
                    .Build();
                breakers[provider] = breaker;
            }

            _ = builder.AddPipeline(breaker);
        }

        if (settings.Timeout != Timeout.InfiniteTimeSpan)
        {
            _ = builder.AddTimeout(new TimeoutStrategyOptions { Timeout = settings.Timeout });
        }

        return builder.Build();
    }

    private sealed record CallState(IChatClient Client, IList<ChatMessage> Messages, ChatOptions Options, CallAttempts Attempts);
}

/// <summary>Counts the attempts of one participant call (retries and backups included), even when the call ends in an exception.</summary>
internal sealed class CallAttempts
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}

/// <summary>How a participant call ended: the response and who answered, or the last failure.</summary>
internal sealed record CallOutcome(ChatResponse? Response, string Provider, string Model, Exception? Error);
