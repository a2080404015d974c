using Microsoft.Extensions.AI;

namespace Convergence.Benchmarks.Fixtures;

/// <summary>
/// A chat client that always answers with the same text, instantly or after a fixed delay. Unlike
/// <c>ScriptedChatClient</c> it keeps no record of requests, so millions of calls leave nothing behind.
/// </summary>
public sealed class BenchChatClient : IChatClient
{
    private readonly string _reply;
    private readonly TimeSpan _delay;
    private readonly ChatClientMetadata _metadata;

    public BenchChatClient(string provider, string model, string reply, TimeSpan delay = default)
    {
        _reply = reply;
        _delay = delay;
        _metadata = new ChatClientMetadata(provider, null, model);
    }

    public TimeSpan Latency => _delay;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (_delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay, cancellationToken).ConfigureAwait(false);
        }

        // A new response per call: callers (Agent Framework's agents) may annotate the messages they get.
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, _reply)) { ModelId = _metadata.DefaultModelId, FinishReason = ChatFinishReason.Stop };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
