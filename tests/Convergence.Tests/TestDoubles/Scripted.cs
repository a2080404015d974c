using Convergence.Testing;
using Microsoft.Extensions.AI;

namespace Convergence.Tests.TestDoubles;

/// <summary>Shorthands over Convergence.Testing's <see cref="ScriptedChatClient"/> for the resilience tests.</summary>
internal static class Scripted
{
    /// <summary>Replies with the given texts, one per call; the last repeats.</summary>
    public static ScriptedChatClient Replying(string provider, params string[] replies)
    {
        var client = new ScriptedChatClient(provider);
        foreach (var reply in replies)
        {
            _ = client.Reply(Reply(reply));
        }

        return client.WhenExhaustedRepeatLast();
    }

    /// <summary>Replies with one finding of the given title.</summary>
    public static ScriptedChatClient Finding(string provider, string title) => Replying(provider, FindingJson(title));

    /// <summary>Never answers until cancelled; signals <paramref name="entered"/> when called.</summary>
    public static ScriptedChatClient Hanging(string provider, TaskCompletionSource? entered = null) =>
        new ScriptedChatClient(provider).WhenExhausted(async (request, ct) =>
        {
            _ = entered?.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });

    /// <summary>Throws a new exception on every call.</summary>
    public static ScriptedChatClient Throwing(string provider, Func<Exception> exception) =>
        new ScriptedChatClient(provider).WhenExhausted((_, _) => Task.FromException<ChatResponse>(exception()));

    /// <summary>Answers every call with <paramref name="script"/>, given the 1-based call number and the messages.</summary>
    public static ScriptedChatClient With(string provider, Func<int, IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> script) =>
        new ScriptedChatClient(provider).WhenExhausted((request, ct) => script(request.CallIndex + 1, request.Messages, ct));

    public static string FindingJson(string title) =>
        $$"""{"findings": [{"title": "{{title}}", "detail": "Why {{title}} matters.", "confidence": 0.8}]}""";

    public static ChatResponse Reply(string text) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5, TotalTokenCount = 15 } };
}
