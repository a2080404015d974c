using Convergence.Tests.Build;
using Convergence.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace Convergence.Tests.Persistence;

public sealed class RunStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "convergence-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_WithStore_SavesOneRecordPerCompletedCallAndTheFinalResult()
    {
        var store = new FileRunStore(_root);
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o => (o.RunStore, o.Resilience.MaxRetryAttempts) = (store, 0))
            .AddExplorer(Scripted.Finding("openai", "A"), o => o.Name = "gpt")
            .AddExplorer(Scripted.Replying("anthropic", "not json", Scripted.FindingJson("B")), o => o.Name = "claude")
            .AddExplorer(Scripted.Throwing("google", () => new InvalidOperationException("down")), o => o.Name = "gemini")
            .Build();

        var result = await pipeline.RunAsync(new ConvergenceRequest("Review.") { RunId = "run-1" });

        var calls = await store.GetCallsAsync("run-1");
        calls.Select(c => c.Key).Should().BeEquivalentTo("explore/gpt/1", "explore/claude/1", "explore/claude/2");
        var run = await store.GetRunAsync("run-1");
        run!.State.Should().Be(RunState.Partial);
        run.Result!.Findings.Should().HaveCount(2);
        run.Result.Status.Should().Be(result.Status);
        Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty("every write was renamed into place");
    }

    [Fact]
    public async Task ResumeAsync_AfterFailures_CallsOnlyTheParticipantsThatHadNotCompleted()
    {
        var store = new FileRunStore(_root);
        var gpt = Scripted.Finding("openai", "A");
        var claude = Scripted.With("anthropic", (n, _, _) => n == 1
            ? Task.FromException<ChatResponse>(new InvalidOperationException("down"))
            : Task.FromResult(Scripted.Reply(Scripted.FindingJson("B"))));
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o => (o.RunStore, o.Resilience.MaxRetryAttempts) = (store, 0))
            .AddExplorer(gpt, o => o.Name = "gpt").AddExplorer(claude, o => o.Name = "claude").Build();

        var first = await pipeline.RunAsync(new ConvergenceRequest("Review.") { RunId = "run-2", Context = "code" });
        var resumed = await pipeline.ResumeAsync("run-2");

        first.Status.Should().Be(RunStatus.Partial);
        resumed.Status.Should().Be(RunStatus.Completed);
        resumed.Findings.Select(f => f.Title).Should().Equal("A", "B");
        gpt.CallCount.Should().Be(1, "its completed call was answered from the store");
        claude.CallCount.Should().Be(2);
        resumed.Participants.Single(p => p.Name == "gpt").ReplayedCalls.Should().Be(1);
        resumed.Participants.Single(p => p.Name == "gpt").Usage.TotalTokens.Should().Be(15, "the replayed call's usage still counts");
        claude.Requests[1].Messages[^1].Text.Should().Contain("Context:\ncode", "the resumed run has the stored request");
    }

    [Fact]
    public async Task ResumeAsync_AuditorFailedFirstTime_ReplaysExploreAndBuildAndCallsOnlyThatAuditorAgain()
    {
        var store = new FileRunStore(_root);
        var explorer = BuildAudit.Explorer();
        var builder = BuildAudit.Builder();
        var steady = BuildAudit.Auditor("audit-a", BuildAudit.Verdict("approve"));
        var flaky = Scripted.With("audit-b", (n, _, _) => n == 1
            ? Task.FromException<ChatResponse>(new InvalidOperationException("audit-b is down"))
            : Task.FromResult(Scripted.Reply(BuildAudit.Verdict("approve"))));
        // The verifier is re-run on resume (it is a check, not a model call), so it judges the artifact, not its call count.
        var verifier = new FakeVerifier((artifact, _) => artifact.Content == "artifact v2" ? VerificationResult.Pass() : VerificationResult.Fail("expected 42"));
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o =>
            {
                o.RunStore = store;
                o.Resilience.MaxRetryAttempts = 0;
                o.Build.Verifier = verifier;
                o.Audit.Policy.Quorum = AuditQuorum.Unanimous;
            })
            .AddExplorer(explorer, o => o.Name = "explorer")
            .AddBuilder(builder, o => o.Name = "builder")
            .AddAuditor(steady, o => o.Name = "steady")
            .AddAuditor(flaky, o => o.Name = "flaky")
            .Build();

        var first = await pipeline.RunAsync(new ConvergenceRequest(BuildAudit.Task) { RunId = "run-ba" });
        var resumed = await pipeline.ResumeAsync("run-ba");

        first.Candidates[0].Status.Should().NotBe(CandidateStatus.Approved, "one of the two auditors a unanimous policy needs did not answer");
        resumed.Candidates[0].Status.Should().Be(CandidateStatus.Approved);
        resumed.Candidates[0].Build!.Artifact.Should().Be("artifact v2", "the stored builder replies are replayed, not asked again");
        explorer.CallCount.Should().Be(1);
        builder.CallCount.Should().Be(2, "two build attempts in the first run, none after");
        steady.CallCount.Should().Be(1);
        flaky.CallCount.Should().Be(2);
        resumed.Participants.Single(p => p.Name == "builder").ReplayedCalls.Should().Be(2);
        verifier.Calls.Should().Be(4, "each run verifies both attempts");
    }

    [Fact]
    public async Task RunAsync_Cancelled_SavesThePartialResultThenThrows()
    {
        var store = new SignallingRunStore(new FileRunStore(_root), signalAfterCalls: 1);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource();
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o => o.RunStore = store)
            .AddExplorer(Scripted.Finding("openai", "A"), o => o.Name = "gpt")
            .AddExplorer(Scripted.Hanging("anthropic", entered), o => o.Name = "claude")
            .Build();

        var run = pipeline.RunAsync(new ConvergenceRequest("Review.") { RunId = "run-3" }, cts.Token);
        await entered.Task;
        await store.CallsSaved.Task;

        await cts.CancelAsync();
        await FluentActions.Awaiting(() => run).Should().ThrowAsync<OperationCanceledException>();

        var saved = await store.GetRunAsync("run-3");
        saved!.State.Should().Be(RunState.Cancelled);
        saved.Result!.Status.Should().Be(RunStatus.Partial);
        saved.Result.Warnings.Should().Contain("The run was cancelled; resume it to finish.");
        (await store.GetCallsAsync("run-3")).Should().ContainSingle(c => c.Participant == "gpt");
    }

    [Fact]
    public async Task ResumeAsync_CorruptCallRecord_ThrowsNamingTheFileAndLeavesTheOthersIntact()
    {
        var store = new FileRunStore(_root);
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o => o.RunStore = store)
            .AddExplorer(Scripted.Finding("openai", "A"), o => o.Name = "gpt")
            .AddExplorer(Scripted.Finding("anthropic", "B"), o => o.Name = "claude")
            .Build();
        _ = await pipeline.RunAsync(new ConvergenceRequest("Review.") { RunId = "run-4" });
        var files = Directory.GetFiles(Path.Combine(_root, "run-4", "calls"));
        var corrupt = files[0];
        var intact = files[1];
        var intactBytes = await File.ReadAllBytesAsync(intact);
        await File.WriteAllTextAsync(corrupt, """{"key": "explore/gpt/1", "reply": "half-wri""");

        var act = () => pipeline.ResumeAsync("run-4");

        (await act.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain(corrupt);
        (await File.ReadAllBytesAsync(intact)).Should().Equal(intactBytes);
        File.Exists(corrupt).Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_RunIdAlreadyInStore_ThrowsAndPointsToResume()
    {
        var store = new FileRunStore(_root);
        var pipeline = new ConvergencePipelineBuilder().Configure(o => o.RunStore = store)
            .AddExplorer(Scripted.Finding("openai", "A"), o => o.Name = "gpt").Build();
        _ = await pipeline.RunAsync(new ConvergenceRequest("Review.") { RunId = "run-5" });

        var act = () => pipeline.RunAsync(new ConvergenceRequest("Review.") { RunId = "run-5" });

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("ResumeAsync");
    }

    [Fact]
    public async Task ResumeAsync_NoStoreOrUnknownRun_ThrowsClearly()
    {
        var withoutStore = new ConvergencePipelineBuilder().AddExplorer(Scripted.Finding("openai", "A")).Build();
        var withStore = new ConvergencePipelineBuilder().Configure(o => o.RunStore = new FileRunStore(_root))
            .AddExplorer(Scripted.Finding("openai", "A")).Build();

        (await FluentActions.Awaiting(() => withoutStore.ResumeAsync("x")).Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain("no run store");
        (await FluentActions.Awaiting(() => withStore.ResumeAsync("missing")).Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain("no run 'missing'");
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    public async Task FileRunStore_UnsafeRunId_IsRejected(string runId)
    {
        var store = new FileRunStore(_root);

        var act = () => store.GetRunAsync(runId);

        await act.Should().ThrowAsync<ArgumentException>();
    }
}
