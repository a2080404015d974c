using Microsoft.Extensions.AI;

namespace Convergence.Testing;

/// <summary>One call received by a <see cref="ScriptedChatClient"/>, as recorded for assertions.</summary>
/// <remarks>
/// The message list is copied when the call is received, so later changes to the caller's list do not
/// show here; the <see cref="ChatMessage"/> instances themselves are not cloned. <see cref="Options"/> is
/// the very instance the caller passed, so a test can check it by reference.
/// </remarks>
public sealed class ScriptedRequest
{
    internal ScriptedRequest(
        int callIndex,
        IReadOnlyList<ChatMessage> messages,
        ChatOptions? options,
        bool isStreaming,
        CancellationToken cancellationToken)
    {
        CallIndex = callIndex;
        Messages = messages;
        Options = options;
        IsStreaming = isStreaming;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the zero-based index of the call: the first call is 0, so call number N has index N - 1.</summary>
    public int CallIndex { get; }

    /// <summary>Gets a copy of the list of messages the caller sent.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>Gets the options exactly as the caller passed them (the same instance), or <see langword="null"/>.</summary>
    public ChatOptions? Options { get; }

    /// <summary>Gets a value indicating whether the call was a streaming call.</summary>
    public bool IsStreaming { get; }

    /// <summary>Gets the cancellation token the caller passed.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets the text of all messages, joined by line feeds (a convenience for dynamic responders).</summary>
    public string Text => string.Join('\n', Messages.Select(static m => m.Text));
}
