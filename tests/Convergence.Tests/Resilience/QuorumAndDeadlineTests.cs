using Convergence.Tests.TestDoubles;
using Microsoft.Extensions.Time.Testing;

namespace Convergence.Tests.Resilience;

public sealed class QuorumAndDeadlineTests
{
    private static readonly ConvergenceRequest Request = new("Review the retry loop.");

    [Fact]
    public async Task RunAsync_BelowQuorum_FailsAndKeepsWhatArrived()
    {
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o => (o.ExplorerQuorum, o.Resilience.MaxRetryAttempts) = (2, 0))
            .AddExplorer(Scripted.Finding("openai", "A"), o => o.Name = "gpt")
            .AddExplorer(Scripted.Throwing("anthropic", () => new InvalidOperationException("down")), o => o.Name = "claude")
            .Build();

        var result = await pipeline.RunAsync(Request);

        result.Status.Should().Be(RunStatus.Failed);
        result.Findings.Should().ContainSingle(f => f.Title == "A");
        result.Warnings.Should().Contain("Only 1 of 2 explorers succeeded; the quorum is 2.");
    }

    [Fact]
    public async Task RunAsync_QuorumReachedAndGracePeriodEnded_CancelsStragglersAsLate()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var straggler = Scripted.Hanging("google", entered);
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o => (o.ExplorerQuorum, o.Resilience.QuorumGracePeriod) = (2, TimeSpan.Zero))
            .AddExplorer(Scripted.Finding("openai", "A"), o => o.Name = "gpt")
            .AddExplorer(Scripted.Finding("anthropic", "B"), o => o.Name = "claude")
            .AddExplorer(straggler, o => o.Name = "gemini")
            .Build();

        var result = await pipeline.RunAsync(Request);

        var late = result.Participants.Single(p => p.Name == "gemini");
        late.Status.Should().Be(ParticipantStatus.Failed);
        late.ErrorKind.Should().Be(ParticipantErrorKind.Late);
        late.Error.Should().Contain("quorum of 2 was reached");
        result.Status.Should().Be(RunStatus.Partial, "a run that cut a participant is never presented as complete");
        result.Findings.Select(f => f.Title).Should().Equal("A", "B");
        result.Candidates.Should().HaveCount(2);
    }

    [Fact]
    public async Task RunAsync_NoGracePeriod_WaitsForEveryExplorer()
    {
        var slow = Scripted.With("google", async (_, _, _) =>
        {
            await Task.Yield();
            return Scripted.Reply(Scripted.FindingJson("C"));
        });
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(Scripted.Finding("openai", "A"), o => o.Name = "gpt")
            .AddExplorer(slow, o => o.Name = "gemini")
            .Build();

        var result = await pipeline.RunAsync(Request);

        result.Status.Should().Be(RunStatus.Completed);
        result.Findings.Should().HaveCount(2);
    }

    [Fact]
    public async Task RunAsync_StageDeadlinePasses_CancelsCallsInFlightAndSynthesizesWhatArrived()
    {
        var clock = new FakeTimeProvider();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o =>
            {
                o.TimeProvider = clock;
                o.Resilience.StageTimeouts[ConvergenceStageNames.Explore] = TimeSpan.FromSeconds(10);
            })
            .AddExplorer(Scripted.Finding("openai", "A"), o => o.Name = "gpt")
            .AddExplorer(Scripted.Hanging("anthropic", entered), o => o.Name = "claude")
            .Build();

        var run = pipeline.RunAsync(Request);
        await entered.Task;
        clock.Advance(TimeSpan.FromSeconds(11));
        var result = await run;

        var claude = result.Participants.Single(p => p.Name == "claude");
        claude.ErrorKind.Should().Be(ParticipantErrorKind.Timeout);
        claude.Error.Should().Contain("deadline");
        result.Status.Should().Be(RunStatus.Partial);
        result.Warnings.Should().Contain(w => w.Contains("'explore' stage's deadline of 10 s passed", StringComparison.Ordinal));
        result.Candidates.Should().ContainSingle(c => c.Title == "A");
    }

    [Fact]
    public async Task RunAsync_RunDeadlinePasses_SkipsTheRemainingStagesAndSaysSo()
    {
        var clock = new FakeTimeProvider();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o => (o.TimeProvider, o.Resilience.RunTimeout) = (clock, TimeSpan.FromSeconds(30)))
            .AddExplorer(Scripted.Finding("openai", "A"), o => o.Name = "gpt")
            .AddExplorer(Scripted.Hanging("anthropic", entered), o => o.Name = "claude")
            .Build();

        var run = pipeline.RunAsync(Request);
        await entered.Task;
        clock.Advance(TimeSpan.FromSeconds(31));
        var result = await run;

        result.Status.Should().Be(RunStatus.Partial);
        result.Findings.Should().ContainSingle(f => f.Title == "A");
        result.Candidates.Should().BeEmpty();
        result.Warnings.Should().Contain(w => w.Contains("stages not run: synthesize", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_PerAttemptTimeoutOnFakeClock_ReportsTimeout()
    {
        var clock = new FakeTimeProvider();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o => (o.TimeProvider, o.Resilience.Timeout, o.Resilience.MaxRetryAttempts) = (clock, TimeSpan.FromSeconds(5), 0))
            .AddExplorer(Scripted.Finding("openai", "A"), o => o.Name = "gpt")
            .AddExplorer(Scripted.Hanging("anthropic", entered), o => o.Name = "claude")
            .Build();

        var run = pipeline.RunAsync(Request);
        await entered.Task;
        clock.Advance(TimeSpan.FromSeconds(6));
        var result = await run;

        result.Participants.Single(p => p.Name == "claude").ErrorKind.Should().Be(ParticipantErrorKind.Timeout);
        result.Status.Should().Be(RunStatus.Partial);
    }
}
