using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Convergence.Tests.Build;

public class BuildStageTests
{
    private static ConvergenceRequest Request => new(BuildAudit.Task);

    [Fact]
    public async Task RunAsync_VerifierPassesSecondAttempt_StopsAtFirstPass()
    {
        var builder = BuildAudit.Builder();
        var verifier = FakeVerifier.PassOn(1);
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(BuildAudit.Explorer())
            .AddBuilder(builder)
            .Configure(o => { o.Build.Verifier = verifier; o.Build.MaxIterations = 5; })
            .Build();

        var result = await pipeline.RunAsync(Request);

        builder.CallCount.Should().Be(2);
        verifier.Calls.Should().Be(2);
        var build = result.Candidates[0].Build!;
        build.Attempts.Select(a => (a.Iteration, a.Passed)).Should().Equal((1, false), (2, true));
        build.Verified.Should().BeTrue();
        build.Artifact.Should().Be("artifact v2");
        result.Candidates[0].Status.Should().Be(CandidateStatus.Approved, "a verified candidate with no auditors is approved");
    }

    [Fact]
    public async Task RunAsync_VerifierFails_FeedbackReachesNextBuilderPrompt()
    {
        var builder = BuildAudit.Builder();
        var verifier = new FakeVerifier((artifact, call) =>
            call == 0 ? VerificationResult.Fail("AssertionError: expected 42 but was 41") : VerificationResult.Pass());
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(BuildAudit.Explorer())
            .AddBuilder(builder)
            .Configure(o => o.Build.Verifier = verifier)
            .Build();

        _ = await pipeline.RunAsync(Request);

        var prompts = builder.Prompts();
        prompts.Should().HaveCount(2);
        prompts[0].Should().NotContain("expected 42 but was 41");
        prompts[1].Should().Contain("AssertionError: expected 42 but was 41").And.Contain("artifact v1", "the builder sees the attempt the feedback is about");
    }

    [Fact]
    public async Task RunAsync_VerifierNeverPasses_StopsAtMaxIterations()
    {
        var builder = BuildAudit.Builder();
        var verifier = new FakeVerifier((_, _) => VerificationResult.Fail("still wrong"));
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(BuildAudit.Explorer())
            .AddBuilder(builder)
            .Configure(o => { o.Build.Verifier = verifier; o.Build.MaxIterations = 3; })
            .Build();

        var result = await pipeline.RunAsync(Request);

        builder.CallCount.Should().Be(3);
        var candidate = result.Candidates[0];
        candidate.Build!.Attempts.Should().HaveCount(3).And.OnlyContain(a => !a.Passed && a.Verification!.Feedback == "still wrong");
        candidate.Build.Verified.Should().BeFalse();
        candidate.Build.Artifact.Should().BeNull();
        candidate.Status.Should().Be(CandidateStatus.Unverified);
        result.Funnel.Should().Be(new ConvergenceFunnel { ExploredFindings = 1, Candidates = 1, Built = 1, Verified = 0, Approved = 0 });
    }

    [Fact]
    public async Task RunAsync_VerifierThrows_AttemptFailsAndRunGoesOn()
    {
        var builder = BuildAudit.Builder();
        var verifier = new FakeVerifier((_, call) => call == 0 ? throw new IOException("disk full") : VerificationResult.Pass());
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(BuildAudit.Explorer())
            .AddBuilder(builder)
            .Configure(o => o.Build.Verifier = verifier)
            .Build();

        var result = await pipeline.RunAsync(Request);

        var attempts = result.Candidates[0].Build!.Attempts;
        attempts.Should().HaveCount(2);
        attempts[0].Passed.Should().BeFalse();
        attempts[0].Error.Should().Contain("IOException").And.Contain("disk full");
        attempts[1].Passed.Should().BeTrue();
        result.Candidates[0].Status.Should().Be(CandidateStatus.Approved);
        result.Warnings.Should().Contain(w => w.Contains("disk full", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_TopK_BuildsOnlyTheBestRankedCandidates()
    {
        var verifier = FakeVerifier.PassOn(0);
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(BuildAudit.Explorer("explorer-provider", "First", "Second", "Third"))
            .AddBuilder(BuildAudit.Builder())
            .Configure(o => { o.Build.Verifier = verifier; o.Build.TopK = 2; })
            .Build();

        var result = await pipeline.RunAsync(Request);

        result.Candidates.Should().HaveCount(3);
        result.Candidates.Take(2).Should().OnlyContain(c => c.Build != null && c.Status == CandidateStatus.Approved);
        result.Candidates[2].Build.Should().BeNull();
        result.Candidates[2].Status.Should().Be(CandidateStatus.NotBuilt);
        result.Funnel.ToString().Should().Be("findings=3 candidates=3 built=2 verified=2 approved=2");
    }

    [Fact]
    public async Task RunAsync_SeveralBuilders_BestVerifiedArtifactChosenByMetricAndOthersKept()
    {
        var fast = Fake.Client("provider-one", "m1", "fast artifact");
        var slow = Fake.Client("provider-two", "m2", "slow artifact");
        var verifier = new FakeVerifier((artifact, _) => VerificationResult.Pass(
            "ok", new Dictionary<string, double> { ["ms"] = artifact.Content.StartsWith("fast", StringComparison.Ordinal) ? 10 : 90 }));
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(BuildAudit.Explorer())
            .AddBuilder(slow, o => o.Name = "slow")
            .AddBuilder(fast, o => o.Name = "fast")
            .Configure(o => { o.Build.Verifier = verifier; o.Build.SelectionMetric = "ms"; o.Build.LowerMetricIsBetter = true; })
            .Build();

        var result = await pipeline.RunAsync(Request);

        var build = result.Candidates[0].Build!;
        build.Artifact.Should().Be("fast artifact");
        build.Builder!.Name.Should().Be("fast");
        build.Metrics.Should().ContainKey("ms").WhoseValue.Should().Be(10);
        build.Attempts.Select(a => a.Builder.Name).Should().Equal("slow", "fast");
    }

    [Fact]
    public async Task RunAsync_NoBuilders_StopsAfterSynthesis()
    {
        var stages = new List<string>();
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(BuildAudit.Explorer())
            .AddAuditor(BuildAudit.Auditor("auditor-provider"))
            .Use(async (context, next, ct) => { stages.Add(context.CurrentStage!); await next(context, ct); })
            .Build();

        var result = await pipeline.RunAsync(Request);

        stages.Should().Equal(ConvergenceStageNames.Explore, ConvergenceStageNames.Synthesize);
        result.Candidates[0].Status.Should().Be(CandidateStatus.NotBuilt);
        result.Warnings.Should().Contain(w => w.Contains("no builder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_BuildersAndNoAuditors_StopsAfterBuild()
    {
        var stages = new List<string>();
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(BuildAudit.Explorer())
            .AddBuilder(BuildAudit.Builder())
            .Configure(o => o.Build.Verifier = FakeVerifier.PassOn(0))
            .Use(async (context, next, ct) => { stages.Add(context.CurrentStage!); await next(context, ct); })
            .Build();

        _ = await pipeline.RunAsync(Request);

        stages.Should().Equal(ConvergenceStageNames.Explore, ConvergenceStageNames.Synthesize, ConvergenceStageNames.Build);
    }

    [Fact]
    public void Build_BuildersWithoutVerifier_ThrowsNamingTheOption()
    {
        var builder = new ConvergencePipelineBuilder().AddExplorer(BuildAudit.Explorer()).AddBuilder(BuildAudit.Builder());

        var build = () => builder.Build();

        build.Should().Throw<InvalidOperationException>().WithMessage("*Build.Verifier*");
    }

    [Fact]
    public async Task Build_VerifierRegisteredAsService_IsUsed()
    {
        var verifier = FakeVerifier.PassOn(0);
        var services = new ServiceCollection().AddSingleton<IBuildVerifier>(verifier).BuildServiceProvider();
        var pipeline = new ConvergencePipelineBuilder().AddExplorer(BuildAudit.Explorer()).AddBuilder(BuildAudit.Builder()).Build(services);

        _ = await pipeline.RunAsync(Request);

        verifier.Calls.Should().Be(1);
    }

    [Fact]
    public async Task RunAsync_FencedReply_VerifierGetsTheCodeOnly()
    {
        var builder = Fake.Client("builder-provider", "m", "```python\nprint(42)\n```");
        var verifier = FakeVerifier.PassOn(0);
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(BuildAudit.Explorer()).AddBuilder(builder).Configure(o => o.Build.Verifier = verifier).Build();

        _ = await pipeline.RunAsync(Request);

        verifier.Artifacts.Single().Content.Should().Be("print(42)\n");
    }

    [Fact]
    public async Task RunStreamingAsync_Build_ReportsEveryAttempt()
    {
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(BuildAudit.Explorer()).AddBuilder(BuildAudit.Builder())
            .Configure(o => o.Build.Verifier = FakeVerifier.PassOn(1)).Build();

        var events = new List<ConvergenceEvent>();
        await foreach (var e in pipeline.RunStreamingAsync(Request))
        {
            events.Add(e);
        }

        events.OfType<BuildAttemptCompletedEvent>().Select(e => e.Attempt.Iteration).Should().Equal(1, 2);
    }

    [Fact]
    public async Task Serialize_BuiltAndAuditedResult_HasBuildAuditsAndFunnel()
    {
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(BuildAudit.Explorer())
            .AddBuilder(BuildAudit.Builder(), o => o.Name = "claude")
            .AddAuditor(BuildAudit.Auditor("auditor-provider"), o => o.Name = "gpt-audit")
            .Configure(o => o.Build.Verifier = new FakeVerifier((_, _) => VerificationResult.Pass("ok", new Dictionary<string, double> { ["tests"] = 3 })))
            .Build();

        var result = await pipeline.RunAsync(Request);
        using var json = JsonDocument.Parse(ConvergenceJsonUtilities.Serialize(result));

        var candidate = json.RootElement.GetProperty("candidates")[0];
        candidate.GetProperty("status").GetString().Should().Be("approved");
        candidate.GetProperty("audits")[0].GetProperty("participant").GetString().Should().Be("gpt-audit");
        candidate.GetProperty("audits")[0].GetProperty("verdict").GetString().Should().Be("approve");
        candidate.GetProperty("build").GetProperty("attempts")[0].GetProperty("verification").GetProperty("metrics").GetProperty("tests").GetDouble().Should().Be(3);
        candidate.GetProperty("auditDecisions")[0].GetProperty("verdict").GetString().Should().Be("approve");
        json.RootElement.GetProperty("funnel").GetProperty("approved").GetInt32().Should().Be(1);
        ConvergenceJsonUtilities.Deserialize(ConvergenceJsonUtilities.Serialize(result)).Candidates[0].Audits.Should().HaveCount(1);
    }
}
