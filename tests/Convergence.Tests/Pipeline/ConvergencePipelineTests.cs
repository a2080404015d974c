using Convergence.Testing;
using Microsoft.Extensions.AI;

namespace Convergence.Tests.Pipeline;

public class ConvergencePipelineTests
{
    private static ConvergenceRequest Task(string text = "Review the snippet.") => new(text);

    [Fact]
    public async Task RunAsync_ThreeProviders_RanksSharedFindingFirstAndReportsEveryParticipant()
    {
        var gpt = new ScriptedChatClient("openai", "gpt-4o").Reply(TestReplies.Findings("SQL injection", "Missing timeout"), new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 });
        var claude = new ScriptedChatClient("anthropic", "claude").Reply(TestReplies.Findings("sql injection."), new UsageDetails { InputTokenCount = 7, OutputTokenCount = 3 });
        var gemini = new ScriptedChatClient("google", "gemini").Reply(TestReplies.Findings("SQL Injection", "Unbounded cache"));

        var result = await new ConvergencePipelineBuilder().AddExplorer(gpt).AddExplorer(claude).AddExplorer(gemini).Build().RunAsync(Task());

        result.Status.Should().Be(RunStatus.Completed);
        result.Candidates.Should().HaveCount(3);
        result.Candidates[0].Should().Match<Candidate>(c => c.Rank == 1 && c.DistinctProviders == 3 && c.Score == 1.0 && !c.IsDissent);
        result.Candidates.Skip(1).Should().OnlyContain(c => c.IsDissent && c.DistinctProviders == 1);
        result.Candidates.Select(c => c.Rank).Should().Equal(1, 2, 3);
        result.Participants.Select(p => p.Name).Should().Equal("openai/gpt-4o", "anthropic/claude", "google/gemini");
        result.Participants.Should().OnlyContain(p => p.Status == ParticipantStatus.Succeeded && p.Calls == 1);
        result.Participants[0].FindingCount.Should().Be(2);
        result.Usage.Should().Be(new TokenUsage { InputTokens = 17, OutputTokens = 8, TotalTokens = 25 });
        result.Findings.Should().HaveCount(5);
    }

    [Fact]
    public async Task RunAsync_OneExplorerThrows_OthersFindingsIntactAndFailureReported()
    {
        var broken = new ScriptedChatClient("openai", "gpt").Throw(new HttpRequestException("503 Service Unavailable"));
        var claude = new ScriptedChatClient("anthropic", "claude").Reply(TestReplies.Findings("A", "B"));
        var gemini = new ScriptedChatClient("google", "gemini").Reply(TestReplies.Findings("A"));

        var result = await new ConvergencePipelineBuilder().AddExplorer(broken).AddExplorer(claude).AddExplorer(gemini)
            .Configure(o => o.Resilience.MaxRetryAttempts = 0) // a network error is transient; without retries, the one failure is final
            .Build().RunAsync(Task());

        result.Status.Should().Be(RunStatus.Partial);
        result.Findings.Select(f => f.Source.Provider).Should().Equal("anthropic", "anthropic", "google");
        var failed = result.Participants.Single(p => p.Provider == "openai");
        failed.Status.Should().Be(ParticipantStatus.Failed);
        failed.ErrorKind.Should().Be(ParticipantErrorKind.Exception);
        failed.Error.Should().Contain("HttpRequestException").And.Contain("503");
        result.Warnings.Should().Contain(w => w.Contains("openai/gpt", StringComparison.Ordinal));
        result.Candidates[0].Title.Should().Be("A");
        result.Candidates[0].Score.Should().Be(1.0, "the failed explorer abstains: it is not a voice in the panel");
    }

    [Theory]
    [InlineData("", ParticipantErrorKind.EmptyReply)]
    [InlineData("I found nothing worth reporting.", ParticipantErrorKind.InvalidReply)]
    [InlineData("""{"findings": [{"title": "cut""", ParticipantErrorKind.InvalidReply)]
    public async Task RunAsync_UnusableReply_ReportedWithRawReplyAndOthersIntact(string reply, ParticipantErrorKind kind)
    {
        var bad = new ScriptedChatClient("openai", "gpt").Reply(reply).WhenExhaustedRepeatLast(); // the repair request gets the same reply
        var good = new ScriptedChatClient("anthropic", "claude").Reply(TestReplies.Findings("A"));

        var result = await new ConvergencePipelineBuilder().AddExplorer(bad).AddExplorer(good).Build().RunAsync(Task());

        var report = result.Participants[0];
        report.Status.Should().Be(ParticipantStatus.Failed);
        report.ErrorKind.Should().Be(kind);
        report.RawReply.Should().Be(reply);
        result.Candidates.Should().ContainSingle().Which.Title.Should().Be("A");
    }

    [Fact]
    public async Task RunAsync_OversizedUnusableReply_KeepsACappedCopy()
    {
        var bad = new ScriptedChatClient("openai", "gpt").Reply(new string('x', 10_000)).WhenExhaustedRepeatLast();
        var good = new ScriptedChatClient("anthropic", "claude").Reply(TestReplies.Findings("A"));

        var result = await new ConvergencePipelineBuilder()
            .AddExplorer(bad).AddExplorer(good)
            .Configure(o => o.Explore.MaxRawReplyLength = 100)
            .Build().RunAsync(Task());

        result.Participants[0].RawReply.Should().StartWith(new string('x', 100)).And.EndWith("[9900 more characters]");
    }

    [Fact]
    public async Task RunAsync_EveryExplorerFails_StatusFailedWithQuorumWarning()
    {
        var result = await new ConvergencePipelineBuilder()
            .AddExplorer(new ScriptedChatClient("openai").Throw(new InvalidOperationException("boom")))
            .AddExplorer(new ScriptedChatClient("anthropic").Reply("garbage"))
            .Build().RunAsync(Task());

        result.Status.Should().Be(RunStatus.Failed);
        result.Candidates.Should().BeEmpty();
        result.Warnings.Should().Contain(w => w.Contains("quorum is 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_BelowConfiguredQuorum_FailsButKeepsTheFindingsThatArrived()
    {
        var result = await new ConvergencePipelineBuilder()
            .AddExplorer(new ScriptedChatClient("openai").Reply(TestReplies.Findings("kept")))
            .AddExplorer(new ScriptedChatClient("anthropic").Throw(new TimeoutException()))
            .AddExplorer(new ScriptedChatClient("google").Throw(new TimeoutException()))
            .Configure(o => (o.ExplorerQuorum, o.Resilience.MaxRetryAttempts) = (2, 0))
            .Build().RunAsync(Task());

        result.Status.Should().Be(RunStatus.Failed);
        result.Findings.Should().ContainSingle().Which.Title.Should().Be("kept");
        result.Participants.Where(p => p.Status == ParticipantStatus.Failed).Should().OnlyContain(p => p.ErrorKind == ParticipantErrorKind.Timeout);
    }

    [Fact]
    public async Task RunAsync_CancellationToken_ReachesEveryExplorerCall()
    {
        // Each call gets a token linked to the caller's (the per-attempt timeout and the deadlines link theirs in), so what matters is
        // that cancelling the caller's token cancels every call's.
        var entered = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var clients = Enumerable.Range(0, 4).Select(i => new ScriptedChatClient($"p{i}").ReplyWith(async (_, ct) =>
        {
            entered[i].TrySetResult();
            await System.Threading.Tasks.Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        })).ToArray();
        var builder = new ConvergencePipelineBuilder();
        foreach (var client in clients)
        {
            builder.AddExplorer(client);
        }

        using var cts = new CancellationTokenSource();
        var run = builder.Build().RunAsync(Task(), cts.Token);
        await System.Threading.Tasks.Task.WhenAll(entered.Select(e => e.Task));
        await cts.CancelAsync();
        await FluentActions.Awaiting(() => run).Should().ThrowAsync<OperationCanceledException>();

        clients.Should().OnlyContain(c => c.Requests.Count == 1);
        clients.Should().OnlyContain(c => c.Requests[0].CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public async Task RunAsync_Cancelled_CancelsCallsInFlightAndThrows()
    {
        var hanging = new ScriptedChatClient("openai").Hang();
        var alsoHanging = new ScriptedChatClient("anthropic").Hang();
        using var cts = new CancellationTokenSource();
        var run = new ConvergencePipelineBuilder().AddExplorer(hanging).AddExplorer(alsoHanging).Build().RunAsync(Task(), cts.Token);

        await WaitUntil(() => hanging.CallCount == 1 && alsoHanging.CallCount == 1);
        await cts.CancelAsync();

        await run.Invoking(async r => await r).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task RunAsync_CallerOptions_AreClonedPerCallAndNeverMutated()
    {
        var callerOptions = new ChatOptions { Temperature = 0.2f, AdditionalProperties = new() { ["k"] = "v" } };
        var gpt = new ScriptedChatClient("openai").Reply(TestReplies.Findings("A"));
        var claude = new ScriptedChatClient("anthropic").Reply(TestReplies.Findings("A"));

        await new ConvergencePipelineBuilder().AddExplorer(gpt).AddExplorer(claude).Build()
            .RunAsync(new ConvergenceRequest("t") { Options = callerOptions });

        callerOptions.ResponseFormat.Should().BeNull("the pipeline sets the response format on its own clone");
        callerOptions.ModelId.Should().BeNull();
        callerOptions.Temperature.Should().Be(0.2f);
        var sent = new[] { gpt.Requests[0].Options!, claude.Requests[0].Options! };
        sent.Should().OnlyContain(o => !ReferenceEquals(o, callerOptions) && o.Temperature == 0.2f && o.ResponseFormat is ChatResponseFormatJson);
        sent[0].Should().NotBeSameAs(sent[1]);
    }

    [Fact]
    public async Task RunAsync_ParticipantOptionsAndModel_AreSentWithoutMutatingThem()
    {
        var participantOptions = new ChatOptions { MaxOutputTokens = 50 };
        var client = new ScriptedChatClient("openai").Reply(TestReplies.Findings("A"));

        await new ConvergencePipelineBuilder()
            .AddExplorer(client, o => { o.Model = "gpt-4o-mini"; o.ChatOptions = participantOptions; o.Instructions = "Focus on security."; })
            .Configure(o => o.Explore.ResponseFormat = FindingsResponseFormat.Prompt)
            .Build().RunAsync(Task());

        var sent = client.Requests[0];
        sent.Options!.ModelId.Should().Be("gpt-4o-mini");
        sent.Options.MaxOutputTokens.Should().Be(50);
        sent.Options.ResponseFormat.Should().BeNull();
        participantOptions.ModelId.Should().BeNull();
        sent.Messages[0].Role.Should().Be(ChatRole.System);
        sent.Messages[0].Text.Should().Contain("\"findings\"").And.EndWith("Focus on security.");
        sent.Messages[1].Text.Should().Contain("Review the snippet.");
    }

    [Fact]
    public async Task RunAsync_RequestContext_IsSentAfterTheTask()
    {
        var client = new ScriptedChatClient("openai").Reply(TestReplies.Findings("A"));

        await new ConvergencePipelineBuilder().AddExplorer(client).Build()
            .RunAsync(new ConvergenceRequest("Find the bug.") { Context = "int Add(int a, int b) => a - b;" });

        client.Requests[0].Messages[1].Text.Should().Be("Task:\nFind the bug.\n\nContext:\nint Add(int a, int b) => a - b;");
    }

    [Fact]
    public async Task RunStreamingAsync_YieldsEventsInOrder_EndingWithTheSameResultAsRunAsync()
    {
        IConvergencePipeline Build() => new ConvergencePipelineBuilder()
            .AddExplorer(new ScriptedChatClient("openai", "gpt").Reply(TestReplies.Findings("A")))
            .AddExplorer(new ScriptedChatClient("anthropic", "claude").Throw(new InvalidOperationException("down")))
            .Build();

        var events = new List<ConvergenceEvent>();
        await foreach (var e in Build().RunStreamingAsync(new ConvergenceRequest("t") { RunId = "run-1" }))
        {
            events.Add(e);
        }

        events.Should().OnlyContain(e => e.RunId == "run-1");
        events[0].Should().BeOfType<RunStartedEvent>().Which.Participants.Should().HaveCount(2);
        events[1].Should().BeOfType<StageStartedEvent>().Which.Stage.Should().Be(ConvergenceStageNames.Explore);
        var exploreEvents = events.Skip(2).TakeWhile(e => e is not StageCompletedEvent).ToList();
        exploreEvents.OfType<ParticipantStartedEvent>().Should().HaveCount(2);
        exploreEvents.OfType<FindingsReportedEvent>().Should().ContainSingle().Which.Findings.Should().ContainSingle();
        exploreEvents.OfType<ParticipantCompletedEvent>().Should().ContainSingle().Which.Report.Provider.Should().Be("openai");
        exploreEvents.OfType<ParticipantFailedEvent>().Should().ContainSingle().Which.Report.Error.Should().Contain("down");
        foreach (var participant in new[] { "openai/gpt", "anthropic/claude" })
        {
            exploreEvents.FindIndex(e => e is ParticipantStartedEvent s && s.Participant.Name == participant)
                .Should().BeLessThan(exploreEvents.FindIndex(e => (e as ParticipantCompletedEvent)?.Report.Name == participant || (e as ParticipantFailedEvent)?.Report.Name == participant));
        }

        events.Select(e => e.GetType().Name).SkipWhile(n => n != nameof(StageCompletedEvent)).Should().Equal(
            nameof(StageCompletedEvent),
            nameof(StageStartedEvent),
            nameof(SynthesisCompletedEvent),
            nameof(StageCompletedEvent),
            nameof(RunCompletedEvent));

        var streamed = events.OfType<RunCompletedEvent>().Single().Result;
        var direct = await Build().RunAsync(new ConvergenceRequest("t") { RunId = "run-1" });
        static string WithoutTimings(ConvergenceResult r) => ConvergenceJsonUtilities.Serialize(
            r with { Duration = default, StartedAt = default, Participants = [.. r.Participants.Select(p => p with { Latency = default })] });
        WithoutTimings(streamed).Should().Be(WithoutTimings(direct));
    }

    [Fact]
    public async Task RunStreamingAsync_CallerStopsEarly_CancelsTheRun()
    {
        var hanging = new ScriptedChatClient("openai").Hang();
        var pipeline = new ConvergencePipelineBuilder().AddExplorer(hanging).Build();

        await foreach (var e in pipeline.RunStreamingAsync(Task()))
        {
            if (e is ParticipantStartedEvent)
            {
                break;
            }
        }

        await WaitUntil(() => hanging.Requests.Count == 1 && hanging.Requests[0].CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public async Task RunAsync_ConcurrentRunsOnOneInstance_DoNotMixResults()
    {
        static Task<ChatResponse> Echo(ScriptedRequest request, CancellationToken _)
        {
            var task = request.Messages[1].Text!.Split('\n')[1];
            return System.Threading.Tasks.Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, TestReplies.Findings($"finding for {task}"))));
        }

        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(new ScriptedChatClient("openai").WhenExhausted(Echo))
            .AddExplorer(new ScriptedChatClient("anthropic").WhenExhausted(Echo))
            .Build();

        var results = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 50).Select(i => pipeline.RunAsync(new ConvergenceRequest($"task-{i}"))));

        results.Select(r => r.RunId).Should().OnlyHaveUniqueItems();
        for (var i = 0; i < results.Length; i++)
        {
            results[i].Task.Should().Be($"task-{i}");
            results[i].Candidates.Should().ContainSingle().Which.Title.Should().Be($"finding for task-{i}");
            results[i].Candidates[0].DistinctProviders.Should().Be(2);
        }
    }

    [Fact]
    public async Task RunAsync_BoundedParallelism_NeverExceedsTheLimit()
    {
        var inFlight = 0;
        var peak = 0;
        async Task<ChatResponse> Tracked(ScriptedRequest request, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await System.Threading.Tasks.Task.Yield();
            Interlocked.Decrement(ref inFlight);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, TestReplies.Findings("A")));
        }

        var builder = new ConvergencePipelineBuilder().Configure(o => o.Explore.MaxDegreeOfParallelism = 2);
        for (var i = 0; i < 8; i++)
        {
            builder.AddExplorer(new ScriptedChatClient($"p{i}").ReplyWith(Tracked));
        }

        var result = await builder.Build().RunAsync(Task());

        result.Participants.Should().HaveCount(8).And.OnlyContain(p => p.Status == ParticipantStatus.Succeeded);
        peak.Should().BeInRange(1, 2);
    }

    [Fact]
    public async Task RunAsync_NullRequest_ThrowsNamingTheParameter()
    {
        var pipeline = new ConvergencePipelineBuilder().AddExplorer(new ScriptedChatClient("openai")).Build();

        await pipeline.Invoking(p => p.RunAsync(null!)).Should().ThrowAsync<ArgumentNullException>().WithParameterName("request");
        pipeline.Invoking(p => p.RunStreamingAsync(null!)).Should().Throw<ArgumentNullException>().WithParameterName("request");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ConvergenceRequest_EmptyTask_ThrowsNamingTheParameter(string? task)
    {
        FluentActions.Invoking(() => new ConvergenceRequest(task!)).Should().Throw<ArgumentException>().WithParameterName(nameof(task));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        // Polls a condition another thread makes true; bounded so a broken implementation fails instead of hanging.
        for (var i = 0; i < 2000 && !condition(); i++)
        {
            await System.Threading.Tasks.Task.Delay(5);
        }

        condition().Should().BeTrue();
    }
}
