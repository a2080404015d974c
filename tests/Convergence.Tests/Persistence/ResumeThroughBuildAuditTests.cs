using Convergence.Tests.Build;
using Convergence.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace Convergence.Tests.Persistence;

public sealed class ResumeThroughBuildAuditTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "convergence-resume-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
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
}
