using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Convergence.Testing;

/// <summary>
/// An <see cref="IChatClient"/> test double that answers each call with the next step of a script:
/// a reply, a failure, a delay or a hang. It records every request so tests can assert on what a
/// pipeline sent.
/// </summary>
/// <remarks>
/// <para>
/// Steps are consumed in order, one per call (streaming or not). When the script is exhausted, the
/// client throws <see cref="InvalidOperationException"/> naming the provider and the call number, unless
/// a fallback was set with <see cref="WhenExhausted(Func{ScriptedRequest, CancellationToken, Task{ChatResponse}})"/>
/// or <see cref="WhenExhaustedRepeatLast"/>.
/// </para>
/// <para>
/// The client is safe for concurrent use: each call takes exactly one step, no step is served twice, and
/// steps may be added while calls are in flight. Only waiting observes the caller's token
/// (<see cref="Delay(TimeSpan)"/>, <see cref="Hang"/>, and any token-aware <see cref="ReplyWith"/> responder);
/// a reply step answers even if the token is already cancelled.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using var gpt = new ScriptedChatClient("openai", "gpt-4o-mini")
///     .Reply("""{"findings": []}""")
///     .Delay(TimeSpan.FromSeconds(5)).Throw(new HttpRequestException("503"))
///     .Hang();
/// </code>
/// </example>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly object _gate = new();
    private readonly Queue<Step> _steps = new();
    private readonly List<ScriptedRequest> _requests = [];
    private readonly string _providerName;
    private readonly string? _modelId;
    private readonly TimeProvider _timeProvider;
    private readonly ChatClientMetadata _metadata;
    private TimeSpan _pendingDelay;
    private int _scriptedStepCount;
    private Step? _lastStep;
    private Responder? _fallback;
    private bool _repeatLast;

    /// <summary>Initializes a new instance of the <see cref="ScriptedChatClient"/> class with an empty script.</summary>
    /// <param name="providerName">The provider this client stands for, reported in <see cref="ChatClientMetadata.ProviderName"/>.</param>
    /// <param name="modelId">The model this client stands for, reported in the metadata and set on every reply.</param>
    /// <param name="timeProvider">The clock used by <see cref="Delay(TimeSpan)"/>; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="providerName"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="providerName"/> is empty or white space.</exception>
    public ScriptedChatClient(string providerName, string? modelId = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        _providerName = providerName;
        _modelId = modelId;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _metadata = new ChatClientMetadata(providerName, null, modelId);
    }

    private delegate Task<ChatResponse> Responder(ScriptedRequest request, CancellationToken cancellationToken);

    /// <summary>Gets the number of calls received so far, including calls that failed.</summary>
    public int CallCount
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>Gets a snapshot of the requests received so far, in the order the calls arrived.</summary>
    public IReadOnlyList<ScriptedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Adds a step that replies with an assistant message holding <paramref name="text"/>.</summary>
    /// <param name="text">The reply text.</param>
    /// <param name="usage">The token usage to report on the reply, or <see langword="null"/> for none.</param>
    /// <returns>This client, to chain further steps.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public ScriptedChatClient Reply(string text, UsageDetails? usage = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var usageCopy = usage is null ? null : CopyUsage(usage);
        return AddStep((_, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = _modelId,
            FinishReason = ChatFinishReason.Stop,
            CreatedAt = _timeProvider.GetUtcNow(),
            Usage = usageCopy is null ? null : CopyUsage(usageCopy),
        }));
    }

    /// <summary>Adds a step that replies with a copy of <paramref name="response"/>.</summary>
    /// <param name="response">The reply. It is not modified; each call gets a shallow copy whose <see cref="ChatResponse.ModelId"/> defaults to this client's model.</param>
    /// <returns>This client, to chain further steps.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public ScriptedChatClient Reply(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return AddStep((_, _) => Task.FromResult(response));
    }

    /// <summary>Adds a step that throws <paramref name="exception"/>, as a provider failure would.</summary>
    /// <param name="exception">The exception to throw. The same instance is thrown each time the step is used.</param>
    /// <returns>This client, to chain further steps.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public ScriptedChatClient Throw(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return AddStep((_, _) => Task.FromException<ChatResponse>(exception));
    }

    /// <summary>Delays the next step (only that one) by <paramref name="delay"/>, measured on this client's <see cref="TimeProvider"/>.</summary>
    /// <param name="delay">The delay. Several delays before one step add up.</param>
    /// <returns>This client, to chain further steps.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <remarks>
    /// The wait honours the caller's cancellation token and then throws <see cref="OperationCanceledException"/>.
    /// A delay added after the last step applies to the first call served once the script is exhausted.
    /// </remarks>
    public ScriptedChatClient Delay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        lock (_gate)
        {
            _pendingDelay += delay;
        }

        return this;
    }

    /// <summary>Adds a step that never replies: it waits until the caller's token is cancelled, then throws <see cref="OperationCanceledException"/>.</summary>
    /// <returns>This client, to chain further steps.</returns>
    /// <remarks>A call that cannot be cancelled hangs forever; use it to test timeouts and cancellation.</remarks>
    public ScriptedChatClient Hang() => AddStep(HangAsync);

    /// <summary>Adds a step whose reply is computed by <paramref name="responder"/> from the request.</summary>
    /// <param name="responder">Computes the reply; it receives the recorded request and the caller's token, and may throw.</param>
    /// <returns>This client, to chain further steps.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="responder"/> is <see langword="null"/>.</exception>
    public ScriptedChatClient ReplyWith(Func<ScriptedRequest, CancellationToken, Task<ChatResponse>> responder)
    {
        ArgumentNullException.ThrowIfNull(responder);
        return AddStep((request, cancellationToken) => responder(request, cancellationToken));
    }

    /// <summary>Sets how every call is answered once the script is exhausted, instead of failing.</summary>
    /// <param name="responder">Computes the reply for each call beyond the script.</param>
    /// <returns>This client.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="responder"/> is <see langword="null"/>.</exception>
    public ScriptedChatClient WhenExhausted(Func<ScriptedRequest, CancellationToken, Task<ChatResponse>> responder)
    {
        ArgumentNullException.ThrowIfNull(responder);
        lock (_gate)
        {
            _fallback = (request, cancellationToken) => responder(request, cancellationToken);
            _repeatLast = false;
        }

        return this;
    }

    /// <summary>Once the script is exhausted, repeats the last step served (its reply, failure or hang, without its delay) for every further call.</summary>
    /// <returns>This client.</returns>
    /// <remarks>If no step was ever served, an exhausted call still throws <see cref="InvalidOperationException"/>.</remarks>
    public ScriptedChatClient WhenExhaustedRepeatLast()
    {
        lock (_gate)
        {
            _fallback = null;
            _repeatLast = true;
        }

        return this;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return RunAsync(messages, options, isStreaming: false, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Streams the step's reply as <see cref="ChatResponse.ToChatResponseUpdates"/>, usage included.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return StreamAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        TestClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <summary>Does nothing: the client holds no resources.</summary>
    public void Dispose()
    {
    }

    private static async Task<ChatResponse> HangAsync(ScriptedRequest request, CancellationToken cancellationToken)
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), never))
        {
            await never.Task;
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException("Unreachable: a hang ends only when the token is cancelled.");
    }

    private static UsageDetails CopyUsage(UsageDetails usage) => new()
    {
        InputTokenCount = usage.InputTokenCount,
        OutputTokenCount = usage.OutputTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
        CachedInputTokenCount = usage.CachedInputTokenCount,
        ReasoningTokenCount = usage.ReasoningTokenCount,
        AdditionalCounts = usage.AdditionalCounts is null ? null : new(usage.AdditionalCounts),
    };

    private ScriptedChatClient AddStep(Responder responder)
    {
        lock (_gate)
        {
            _steps.Enqueue(new Step(_pendingDelay, responder));
            _pendingDelay = TimeSpan.Zero;
            _scriptedStepCount++;
        }

        return this;
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var response = await RunAsync(messages, options, isStreaming: true, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    private async Task<ChatResponse> RunAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        bool isStreaming,
        CancellationToken cancellationToken)
    {
        List<ChatMessage> copy = [.. messages];
        ScriptedRequest request;
        TimeSpan delay;
        Responder? responder;
        int scripted;
        lock (_gate)
        {
            request = new ScriptedRequest(_requests.Count, copy, options, isStreaming, cancellationToken);
            _requests.Add(request);
            scripted = _scriptedStepCount;
            if (_steps.TryDequeue(out var step))
            {
                _lastStep = step;
                delay = step.Delay;
                responder = step.Responder;
            }
            else
            {
                delay = _pendingDelay;
                _pendingDelay = TimeSpan.Zero;
                responder = _fallback ?? (_repeatLast ? _lastStep?.Responder : null);
            }
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }

        if (responder is null)
        {
            throw new InvalidOperationException(
                $"ScriptedChatClient for provider '{_providerName}' has no step left for call {request.CallIndex + 1} " +
                $"({scripted} step(s) were scripted). Add steps, or set a fallback with WhenExhausted(...) or WhenExhaustedRepeatLast().");
        }

        var response = await responder(request, cancellationToken)
            ?? throw new InvalidOperationException(
                $"ScriptedChatClient for provider '{_providerName}': the responder for call {request.CallIndex + 1} returned null.");

        return Copy(response);
    }

    private ChatResponse Copy(ChatResponse response) => new([.. response.Messages])
    {
        ResponseId = response.ResponseId,
        ConversationId = response.ConversationId,
        ModelId = response.ModelId ?? _modelId,
        CreatedAt = response.CreatedAt,
        FinishReason = response.FinishReason,
        Usage = response.Usage,
        ContinuationToken = response.ContinuationToken,
        RawRepresentation = response.RawRepresentation,
        AdditionalProperties = response.AdditionalProperties,
    };

    private sealed record Step(TimeSpan Delay, Responder Responder);
}
