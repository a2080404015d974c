using Convergence.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Convergence.Tests.Testing;

public sealed class ScriptedChatClientTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello")];

    [Fact]
    public void Ctor_WhiteSpaceProvider_Throws()
    {
        var act = () => new ScriptedChatClient(" ");

        act.Should().Throw<ArgumentException>().WithParameterName("providerName");
    }

    [Fact]
    public async Task GetResponseAsync_SeveralSteps_ServesThemInOrder()
    {
        using var client = new ScriptedChatClient("openai").Reply("one").Reply("two").Reply("three");

        var texts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            texts.Add((await client.GetResponseAsync(Hello)).Text);
        }

        texts.Should().Equal("one", "two", "three");
        client.CallCount.Should().Be(3);
    }

    [Fact]
    public async Task Reply_WithUsageAndModel_SetsModelIdAndUsage()
    {
        using var client = new ScriptedChatClient("openai", "gpt-4o-mini")
            .Reply("hi", new UsageDetails { InputTokenCount = 10, OutputTokenCount = 20, TotalTokenCount = 30 });

        var response = await client.GetResponseAsync(Hello);

        response.ModelId.Should().Be("gpt-4o-mini");
        response.Messages.Should().ContainSingle().Which.Role.Should().Be(ChatRole.Assistant);
        response.Usage!.InputTokenCount.Should().Be(10);
        response.Usage.OutputTokenCount.Should().Be(20);
        response.Usage.TotalTokenCount.Should().Be(30);
    }

    [Fact]
    public async Task Reply_WithoutUsage_LeavesUsageNull()
    {
        using var client = new ScriptedChatClient("openai").Reply("hi");

        var response = await client.GetResponseAsync(Hello);

        response.Usage.Should().BeNull();
        response.ModelId.Should().BeNull();
    }

    [Fact]
    public async Task Reply_ChatResponse_ServesCopyWithDefaultModelAndLeavesOriginalUnchanged()
    {
        var original = new ChatResponse(new ChatMessage(ChatRole.Assistant, "scripted")) { ResponseId = "r1" };
        using var client = new ScriptedChatClient("openai", "gpt-4o").Reply(original);

        var response = await client.GetResponseAsync(Hello);

        response.Text.Should().Be("scripted");
        response.ResponseId.Should().Be("r1");
        response.ModelId.Should().Be("gpt-4o");
        original.ModelId.Should().BeNull();
    }

    [Fact]
    public async Task Throw_Step_ThrowsThatExceptionThenContinuesWithNextStep()
    {
        var failure = new HttpRequestException("503");
        using var client = new ScriptedChatClient("openai").Throw(failure).Reply("recovered");

        var act = () => client.GetResponseAsync(Hello);

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.Should().BeSameAs(failure);
        (await client.GetResponseAsync(Hello)).Text.Should().Be("recovered");
    }

    [Fact]
    public async Task Delay_BeforeReply_CompletesOnlyWhenFakeClockAdvances()
    {
        var clock = new FakeTimeProvider();
        using var client = new ScriptedChatClient("openai", timeProvider: clock).Delay(TimeSpan.FromSeconds(5)).Reply("late");

        var call = client.GetResponseAsync(Hello);
        clock.Advance(TimeSpan.FromSeconds(4));
        call.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(1));

        (await call).Text.Should().Be("late");
    }

    [Fact]
    public async Task Delay_CancelledWhileWaiting_ThrowsOperationCanceledException()
    {
        var clock = new FakeTimeProvider();
        using var client = new ScriptedChatClient("openai", timeProvider: clock).Delay(TimeSpan.FromMinutes(1)).Reply("never");
        using var cts = new CancellationTokenSource();

        var call = client.GetResponseAsync(Hello, cancellationToken: cts.Token);
        call.IsCompleted.Should().BeFalse();
        await cts.CancelAsync();

        await call.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Delay_AppliesToNextStepOnly()
    {
        var clock = new FakeTimeProvider();
        using var client = new ScriptedChatClient("openai", timeProvider: clock)
            .Reply("first").Delay(TimeSpan.FromSeconds(2)).Reply("second").Reply("third");

        (await client.GetResponseAsync(Hello)).Text.Should().Be("first");
        var second = client.GetResponseAsync(Hello);
        second.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(2));
        (await second).Text.Should().Be("second");
        var third = client.GetResponseAsync(Hello);

        third.IsCompletedSuccessfully.Should().BeTrue();
        (await third).Text.Should().Be("third");
    }

    [Fact]
    public void Delay_Negative_ThrowsArgumentOutOfRange()
    {
        using var client = new ScriptedChatClient("openai");

        var act = () => client.Delay(TimeSpan.FromSeconds(-1));

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Hang_UntilTokenCancelled_ThrowsOperationCanceledException()
    {
        using var client = new ScriptedChatClient("openai").Hang();
        using var cts = new CancellationTokenSource();

        var call = client.GetResponseAsync(Hello, cancellationToken: cts.Token);
        call.IsCompleted.Should().BeFalse();
        await cts.CancelAsync();

        var thrown = await call.Invoking(c => c).Should().ThrowExactlyAsync<OperationCanceledException>();
        thrown.Which.CancellationToken.Should().Be(cts.Token);
    }

    [Fact]
    public async Task GetResponseAsync_ScriptExhausted_ThrowsNamingProviderAndCallNumber()
    {
        using var client = new ScriptedChatClient("anthropic").Reply("only");
        await client.GetResponseAsync(Hello);

        var act = () => client.GetResponseAsync(Hello);

        (await act.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("*'anthropic'*call 2*");
        client.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task WhenExhausted_Responder_AnswersEveryFurtherCall()
    {
        using var client = new ScriptedChatClient("openai")
            .Reply("scripted")
            .WhenExhausted((request, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"fallback {request.CallIndex}"))));

        var texts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            texts.Add((await client.GetResponseAsync(Hello)).Text);
        }

        texts.Should().Equal("scripted", "fallback 1", "fallback 2");
    }

    [Fact]
    public async Task WhenExhaustedRepeatLast_AfterScript_RepeatsLastStep()
    {
        using var client = new ScriptedChatClient("openai").Reply("a").Reply("b").WhenExhaustedRepeatLast();

        var texts = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            texts.Add((await client.GetResponseAsync(Hello)).Text);
        }

        texts.Should().Equal("a", "b", "b", "b");
    }

    [Fact]
    public async Task WhenExhaustedRepeatLast_NoStepEverServed_ThrowsExhausted()
    {
        using var client = new ScriptedChatClient("openai").WhenExhaustedRepeatLast();

        var act = () => client.GetResponseAsync(Hello);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*call 1*");
    }

    [Fact]
    public async Task ReplyWith_Responder_ReceivesRecordedRequestAndToken()
    {
        ScriptedRequest? seen = null;
        CancellationToken seenToken = default;
        using var cts = new CancellationTokenSource();
        using var client = new ScriptedChatClient("openai").ReplyWith((request, ct) =>
        {
            seen = request;
            seenToken = ct;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, request.Text.ToUpperInvariant())));
        });

        var response = await client.GetResponseAsync(Hello, cancellationToken: cts.Token);

        response.Text.Should().Be("HELLO");
        seen.Should().BeSameAs(client.Requests[0]);
        seenToken.Should().Be(cts.Token);
    }

    [Fact]
    public async Task Requests_AfterCalls_RecordCopiedMessagesSameOptionsAndToken()
    {
        using var client = new ScriptedChatClient("openai").Reply("a").Reply("b");
        var options = new ChatOptions { Temperature = 0.2f };
        using var cts = new CancellationTokenSource();
        var messages = new List<ChatMessage> { new(ChatRole.System, "be brief"), new(ChatRole.User, "hello") };

        await client.GetResponseAsync(messages, options, cts.Token);
        messages.Add(new ChatMessage(ChatRole.User, "added later"));
        await client.GetResponseAsync(Hello);

        var requests = client.Requests;
        requests.Should().HaveCount(2);
        requests[0].CallIndex.Should().Be(0);
        requests[0].Options.Should().BeSameAs(options);
        requests[0].CancellationToken.Should().Be(cts.Token);
        requests[0].Messages.Select(m => m.Text).Should().Equal("be brief", "hello");
        requests[0].Text.Should().Be("be brief\nhello");
        requests[0].IsStreaming.Should().BeFalse();
        requests[1].CallIndex.Should().Be(1);
        requests[1].Options.Should().BeNull();
        options.Temperature.Should().Be(0.2f);
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrentCalls_EachStepServedExactlyOnce()
    {
        const int Calls = 200;
        using var client = new ScriptedChatClient("openai");
        for (var i = 0; i < Calls; i++)
        {
            client.Reply($"reply {i}");
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, Calls)
            .Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return (await client.GetResponseAsync(Hello)).Text;
            }))
            .ToArray();
        start.SetResult();
        var texts = await Task.WhenAll(tasks);

        texts.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(Enumerable.Range(0, Calls).Select(i => $"reply {i}"));
        client.Requests.Select(r => r.CallIndex).Should().Equal(Enumerable.Range(0, Calls));
    }

    [Fact]
    public void GetService_ChatClientMetadata_ReturnsProviderAndModel()
    {
        using var client = new ScriptedChatClient("gemini", "gemini-2.5-pro");

        var metadata = client.GetService<ChatClientMetadata>();

        metadata!.ProviderName.Should().Be("gemini");
        metadata.DefaultModelId.Should().Be("gemini-2.5-pro");
        metadata.ProviderUri.Should().BeNull();
    }

    [Fact]
    public void GetService_OwnTypeWithoutKey_ReturnsThisAndWithKeyReturnsNull()
    {
        using var client = new ScriptedChatClient("openai");

        client.GetService(typeof(ScriptedChatClient)).Should().BeSameAs(client);
        client.GetService(typeof(IChatClient)).Should().BeSameAs(client);
        client.GetService(typeof(ScriptedChatClient), "key").Should().BeNull();
        client.GetService(typeof(string)).Should().BeNull();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Reply_YieldsUpdatesWithTextModelAndUsage()
    {
        using var client = new ScriptedChatClient("openai", "gpt-4o-mini")
            .Reply("streamed", new UsageDetails { InputTokenCount = 3, OutputTokenCount = 4 });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Hello))
        {
            updates.Add(update);
        }

        var combined = updates.ToChatResponse();
        combined.Text.Should().Be("streamed");
        combined.ModelId.Should().Be("gpt-4o-mini");
        combined.Usage!.InputTokenCount.Should().Be(3);
        combined.Usage.OutputTokenCount.Should().Be(4);
        client.Requests.Should().ContainSingle().Which.IsStreaming.Should().BeTrue();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ThrowStep_ThrowsWhenEnumerated()
    {
        using var client = new ScriptedChatClient("openai").Throw(new TimeoutException("slow"));

        var act = async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Hello))
            {
                _ = update;
            }
        };

        await act.Should().ThrowAsync<TimeoutException>().WithMessage("slow");
    }

    [Fact]
    public void GetResponseAsync_NullMessages_ThrowsArgumentNullException()
    {
        using var client = new ScriptedChatClient("openai");

        Action act = () => _ = client.GetResponseAsync(null!);
        Action streaming = () => _ = client.GetStreamingResponseAsync(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("messages");
        streaming.Should().Throw<ArgumentNullException>().WithParameterName("messages");
        client.CallCount.Should().Be(0);
    }
}
