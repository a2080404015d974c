using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Convergence.Testing;

/// <summary>
/// An <see cref="IChatClient"/> that serves one participant's recorded replies from a replay file, offline and
/// deterministically (see <see cref="ReplayFile"/> for the JSON format).
/// </summary>
/// <remarks>
/// <para>
/// Selection, per call: the request text is the text of all messages joined by line feeds. A reply with a
/// <see cref="ReplayReply.Match"/> is served, any number of times, to every request whose text contains it (ordinal);
/// when several match, the longest match wins, then the first in the file. Otherwise the next reply without a match is
/// served, in file order. When those run out the call throws <see cref="InvalidOperationException"/>
/// ("replay for participant 'gpt' has no reply left for call 4"), unless the recording has <c>"loop": true</c>,
/// in which case they start again from the first.
/// </para>
/// <para>
/// Replies carry the recording's model and, when recorded, token usage. <see cref="ReplayReply.DelayMs"/> waits on the
/// client's <see cref="TimeProvider"/> and honours cancellation. The recording is copied when the client is created;
/// later changes to it have no effect. The client is safe for concurrent use: no in-order reply is served twice
/// (unless looping).
/// </para>
/// </remarks>
public sealed class ReplayChatClient : IChatClient
{
    private readonly object _gate = new();
    private readonly string _participant;
    private readonly string? _model;
    private readonly bool _loop;
    private readonly Entry[] _inOrder;
    private readonly Entry[] _matched;
    private readonly TimeProvider _timeProvider;
    private readonly ChatClientMetadata _metadata;
    private int _next;
    private int _callCount;

    /// <summary>Initializes a new instance of the <see cref="ReplayChatClient"/> class from a recording.</summary>
    /// <param name="recording">The recording to replay. It is copied; later changes have no effect.</param>
    /// <param name="timeProvider">The clock used for <see cref="ReplayReply.DelayMs"/>; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recording"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="recording"/> is invalid (no participant, no replies list, a reply without text, an empty match or a negative delay).</exception>
    public ReplayChatClient(ReplayRecording recording, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var problem = ReplayValidation.Describe(recording, "recording");
        if (problem is not null)
        {
            throw new ArgumentException($"The replay recording is not valid: {problem}", nameof(recording));
        }

        _participant = recording.Participant!;
        _model = recording.Model;
        _loop = recording.Loop;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _metadata = new ChatClientMetadata(recording.Provider, null, recording.Model);

        var entries = recording.Replies!.Select(static r => new Entry(
            r.Text!,
            r.Match,
            r.InputTokens,
            r.OutputTokens,
            TimeSpan.FromMilliseconds(r.DelayMs))).ToArray();
        _inOrder = [.. entries.Where(static e => e.Match is null)];
        _matched = [.. entries.Where(static e => e.Match is not null)];
    }

    /// <summary>Gets the participant whose recording this client replays.</summary>
    public string Participant => _participant;

    /// <summary>Gets the number of calls received so far, including calls that failed.</summary>
    public int CallCount => Volatile.Read(ref _callCount);

    /// <summary>Creates a client for one participant of a replay file.</summary>
    /// <param name="path">The path of the replay file.</param>
    /// <param name="participant">The participant name.</param>
    /// <param name="timeProvider">The clock used for <see cref="ReplayReply.DelayMs"/>; <see cref="TimeProvider.System"/> by default.</param>
    /// <returns>The client.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="participant"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> or <paramref name="participant"/> is empty or white space, or the file has no such participant (the message lists those it has).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid replay file; the message names the file and the JSON path and line.</exception>
    /// <remarks>To create clients for several participants, load the file once with <see cref="ReplayFile.Load(string)"/>.</remarks>
    public static ReplayChatClient Load(string path, string participant, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(participant);
        return ReplayFile.Load(path).CreateClient(participant, timeProvider);
    }

    /// <summary>Creates a client for one participant of replay JSON.</summary>
    /// <param name="json">The replay JSON text.</param>
    /// <param name="participant">The participant name.</param>
    /// <param name="timeProvider">The clock used for <see cref="ReplayReply.DelayMs"/>; <see cref="TimeProvider.System"/> by default.</param>
    /// <returns>The client.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> or <paramref name="participant"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="participant"/> is empty or white space, or the JSON has no such participant (the message lists those it has).</exception>
    /// <exception cref="InvalidDataException">The text is not valid replay JSON; the message names the JSON path and line.</exception>
    public static ReplayChatClient FromJson(string json, string participant, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(participant);
        return ReplayFile.Parse(json).CreateClient(participant, timeProvider);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return ReplyAsync(messages, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Streams the selected reply as <see cref="ChatResponse.ToChatResponseUpdates"/>, usage included.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return StreamAsync(messages, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        TestClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <summary>Does nothing: the client holds no resources.</summary>
    public void Dispose()
    {
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        IEnumerable<ChatMessage> messages,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var response = await ReplyAsync(messages, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    private async Task<ChatResponse> ReplyAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var text = string.Join('\n', messages.Select(static m => m.Text));
        var entry = Select(text, out var callNumber);

        if (entry.Delay > TimeSpan.Zero)
        {
            await Task.Delay(entry.Delay, _timeProvider, cancellationToken);
        }

        UsageDetails? usage = null;
        if (entry.InputTokens is not null || entry.OutputTokens is not null)
        {
            usage = new UsageDetails
            {
                InputTokenCount = entry.InputTokens,
                OutputTokenCount = entry.OutputTokens,
                TotalTokenCount = (entry.InputTokens ?? 0) + (entry.OutputTokens ?? 0),
            };
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, entry.Text))
        {
            ResponseId = $"replay-{_participant}-{callNumber}",
            ModelId = _model,
            CreatedAt = _timeProvider.GetUtcNow(),
            FinishReason = ChatFinishReason.Stop,
            Usage = usage,
        };
    }

    private Entry Select(string text, out int callNumber)
    {
        Entry? best = null;
        foreach (var candidate in _matched)
        {
            if (text.Contains(candidate.Match!, StringComparison.Ordinal)
                && (best is null || candidate.Match!.Length > best.Match!.Length))
            {
                best = candidate;
            }
        }

        lock (_gate)
        {
            callNumber = ++_callCount;
            if (best is not null)
            {
                return best;
            }

            if (_next >= _inOrder.Length && _loop)
            {
                _next = 0;
            }

            if (_next < _inOrder.Length)
            {
                return _inOrder[_next++];
            }
        }

        throw new InvalidOperationException(
            $"replay for participant '{_participant}' has no reply left for call {callNumber}: " +
            $"its {_inOrder.Length} in-order repl{(_inOrder.Length == 1 ? "y was" : "ies were")} served and no 'match' reply matched the request. " +
            "Record more replies, add a 'match', or set \"loop\": true.");
    }

    private sealed record Entry(string Text, string? Match, long? InputTokens, long? OutputTokens, TimeSpan Delay);
}
