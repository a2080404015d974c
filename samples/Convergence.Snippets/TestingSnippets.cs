using Convergence.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Snippets;

public static class TestingSnippets
{
    public static async Task ScriptedAsync(Func<IChatClient, ChatOptions, CancellationToken, Task> CodeUnderTest)
    {
        var clock = new FakeTimeProvider();
        using var gpt = new ScriptedChatClient("openai", "gpt-4o-mini", clock)
            .Reply("""{"findings": [{"title": "N+1 query", "detail": "...", "confidence": 0.8}]}""",
                   new UsageDetails { InputTokenCount = 812, OutputTokenCount = 240 })
            .Throw(new HttpRequestException("503 Service Unavailable"))   // the 2nd call fails
            .Delay(TimeSpan.FromSeconds(30)).Reply("late")                  // the 3rd call waits 30 s on the clock
            .Hang()                                                         // the 4th never answers until cancelled
            .ReplyWith((request, ct) => Task.FromResult(                    // the 5th is computed from the request
                new ChatResponse(new ChatMessage(ChatRole.Assistant, $"you sent {request.Messages.Count} messages"))));

        var options = new ChatOptions { Temperature = 0 };
        using var cts = new CancellationTokenSource();

        await CodeUnderTest(gpt, options, cts.Token);   // your code, handed the double as its IChatClient

        Assert.Same(options, gpt.Requests[0].Options);
        Assert.Equal(cts.Token, gpt.Requests[0].CancellationToken);
        Assert.Contains("N+1", gpt.Requests[0].Text);
    }

    public static void Replay(FakeTimeProvider clock, string json)
    {
        var file = ReplayFile.Load("replies.json");             // parse once...
        using var gpt = file.CreateClient("gpt");                // ...then one client per participant
        using var claude = file.CreateClient("claude", clock);   // optional TimeProvider for delayMs

        using var single = ReplayChatClient.Load("replies.json", "gpt");   // or in one go
        using var inline = ReplayChatClient.FromJson(json, "gpt");
        using var built = new ReplayChatClient(new ReplayRecording
        {
            Participant = "p",
            Replies = [new ReplayReply { Text = "hi" }],
        });
    }
}
