using Convergence.Tests.Build;

namespace Convergence.Tests.Audit;

public class AuditStageTests
{
    private static ConvergenceRequest Request => new(BuildAudit.Task);

    private static ConvergencePipelineBuilder Pipeline(IBuildVerifier? verifier = null) => new ConvergencePipelineBuilder()
        .AddExplorer(BuildAudit.Explorer())
        .Configure(o => o.Build.Verifier = verifier ?? FakeVerifier.PassOn(0));

    [Fact]
    public async Task RunAsync_MajorityApproves_CandidateApprovedWithEveryVerdictKept()
    {
        var pipeline = Pipeline()
            .AddBuilder(BuildAudit.Builder())
            .AddAuditor(BuildAudit.Auditor("p1", BuildAudit.Verdict("approve")), o => o.Name = "a1")
            .AddAuditor(BuildAudit.Auditor("p2", BuildAudit.Verdict("reject")), o => o.Name = "a2")
            .AddAuditor(BuildAudit.Auditor("p3", BuildAudit.Verdict("approve")), o => o.Name = "a3")
            .Build();

        var result = await pipeline.RunAsync(Request);

        var candidate = result.Candidates[0];
        candidate.Status.Should().Be(CandidateStatus.Approved);
        candidate.Audits.Select(a => (a.Participant, a.Verdict)).Should().Equal(("a1", AuditVerdict.Approve), ("a2", AuditVerdict.Reject), ("a3", AuditVerdict.Approve));
        candidate.AuditDecisions.Should().ContainSingle().Which.Approvals.Should().Be(2);
        result.Funnel.ToString().Should().Be("findings=1 candidates=1 built=1 verified=1 approved=1");
    }

    [Fact]
    public async Task RunAsync_UnanimousWithOneReject_CandidateRejected()
    {
        var pipeline = Pipeline()
            .AddBuilder(BuildAudit.Builder())
            .AddAuditor(BuildAudit.Auditor("p1", BuildAudit.Verdict("approve")))
            .AddAuditor(BuildAudit.Auditor("p2", BuildAudit.Verdict("reject")))
            .Configure(o => o.Audit.Policy.Quorum = AuditQuorum.Unanimous)
            .Build();

        var result = await pipeline.RunAsync(Request);

        result.Candidates[0].Status.Should().Be(CandidateStatus.Rejected);
        result.Funnel.Approved.Should().Be(0);
    }

    [Fact]
    public async Task RunAsync_CriticalRisk_VetoesAMajority()
    {
        var pipeline = Pipeline()
            .AddBuilder(BuildAudit.Builder())
            .AddAuditor(BuildAudit.Auditor("p1", BuildAudit.Verdict("approve")))
            .AddAuditor(BuildAudit.Auditor("p2", BuildAudit.Verdict("approve")))
            .AddAuditor(BuildAudit.Auditor("p3", BuildAudit.Verdict("approve", severity: "critical")), o => o.Name = "security")
            .Build();

        var result = await pipeline.RunAsync(Request);

        var decision = result.Candidates[0].AuditDecisions.Single();
        decision.Verdict.Should().Be(AuditVerdict.Reject);
        decision.VetoedBy.Should().Equal("security");
        result.Candidates[0].Status.Should().Be(CandidateStatus.Rejected);
    }

    [Fact]
    public async Task RunAsync_AuditorAlwaysRevises_ReviseLoopStopsAtMaxReviseRounds()
    {
        var builder = BuildAudit.Builder();
        var auditor = BuildAudit.Auditor("p1", BuildAudit.Verdict("revise", "high"));
        var pipeline = Pipeline()
            .AddBuilder(builder)
            .AddAuditor(auditor)
            .Configure(o => o.Audit.Policy.MaxReviseRounds = 2)
            .Build();

        var result = await pipeline.RunAsync(Request);

        var candidate = result.Candidates[0];
        candidate.AuditDecisions.Select(d => d.Round).Should().Equal(0, 1, 2);
        auditor.CallCount.Should().Be(3);
        builder.CallCount.Should().Be(3, "one build and two revisions");
        candidate.Build!.Rounds.Should().Be(3);
        candidate.Build.Attempts.Select(a => a.Round).Should().Equal(0, 1, 2);
        candidate.Status.Should().Be(CandidateStatus.Revise);
    }

    [Fact]
    public async Task RunAsync_Revise_AuditorRisksAndArtifactReachTheBuilder()
    {
        var builder = BuildAudit.Builder();
        var auditor = Fake.Client("p1", "m", (_, call) => call == 0
            ? """{"verdict": "revise", "risks": [{"severity": "high", "description": "SQL built by string concatenation"}]}"""
            : BuildAudit.Verdict("approve"));
        var pipeline = Pipeline().AddBuilder(builder).AddAuditor(auditor).Build();

        var result = await pipeline.RunAsync(Request);

        builder.Prompts()[1].Should().Contain("SQL built by string concatenation").And.Contain("artifact v1").And.Contain("Auditor A");
        result.Candidates[0].Status.Should().Be(CandidateStatus.Approved);
        result.Candidates[0].Build!.Artifact.Should().Be("artifact v2");
        result.Candidates[0].AuditDecisions.Select(d => d.Verdict).Should().Equal(AuditVerdict.Revise, AuditVerdict.Approve);
    }

    [Fact]
    public async Task RunAsync_RevisionNeverVerified_StaysReviseAndKeepsTheVerifiedArtifact()
    {
        var verifier = new FakeVerifier((artifact, _) => artifact.Round == 0 ? VerificationResult.Pass() : VerificationResult.Fail("broke it"));
        var pipeline = Pipeline(verifier)
            .AddBuilder(BuildAudit.Builder())
            .AddAuditor(BuildAudit.Auditor("p1", BuildAudit.Verdict("revise")))
            .Configure(o => o.Build.MaxIterations = 2)
            .Build();

        var result = await pipeline.RunAsync(Request);

        var candidate = result.Candidates[0];
        candidate.Status.Should().Be(CandidateStatus.Revise);
        candidate.Build!.Attempts.Should().HaveCount(3);
        candidate.Build.Verified.Should().BeTrue();
        candidate.Build.Artifact.Should().Be("artifact v1");
        result.Warnings.Should().Contain(w => w.Contains("not verified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_UnparseableVerdict_AuditorFailedNotAVerdict()
    {
        var pipeline = Pipeline()
            .AddBuilder(BuildAudit.Builder())
            .AddAuditor(BuildAudit.Auditor("p1", "Looks great to me, ship it!"), o => o.Name = "chatty")
            .AddAuditor(BuildAudit.Auditor("p2", BuildAudit.Verdict("approve")))
            .Build();

        var result = await pipeline.RunAsync(Request);

        var candidate = result.Candidates[0];
        candidate.Audits.Should().ContainSingle().Which.Participant.Should().NotBe("chatty");
        candidate.AuditDecisions.Single().Abstentions.Should().Be(1);
        candidate.Status.Should().Be(CandidateStatus.Rejected, "one approval of two auditors is not a majority");
        var report = result.Participants.Single(p => p.Name == "chatty");
        report.Status.Should().Be(ParticipantStatus.Failed);
        report.ErrorKind.Should().Be(ParticipantErrorKind.InvalidReply);
        result.Status.Should().Be(RunStatus.Partial);
    }

    [Fact]
    public async Task RunAsync_VerdictInFenceWithProse_ParsedTolerantly()
    {
        var reply = "Here is my review.\n```json\n{\"verdict\": \"APPROVED\", \"confidence\": \"85%\", \"risks\": [{\"severity\": \"Minor\", \"description\": \"naming\"}]}\n```";
        var pipeline = Pipeline().AddBuilder(BuildAudit.Builder()).AddAuditor(BuildAudit.Auditor("p1", reply)).Build();

        var result = await pipeline.RunAsync(Request);

        var review = result.Candidates[0].Audits.Single();
        review.Verdict.Should().Be(AuditVerdict.Approve);
        review.Confidence.Should().BeApproximately(0.85, 1e-9);
        review.Risks.Should().Equal(new AuditRisk(RiskSeverity.Low, "naming"));
    }

    [Fact]
    public async Task RunAsync_UnverifiedCandidate_IsNotAudited()
    {
        var auditor = BuildAudit.Auditor("p1");
        var pipeline = Pipeline(new FakeVerifier((_, _) => VerificationResult.Fail("no")))
            .AddBuilder(BuildAudit.Builder()).AddAuditor(auditor).Build();

        var result = await pipeline.RunAsync(Request);

        auditor.CallCount.Should().Be(0);
        result.Candidates[0].Status.Should().Be(CandidateStatus.Unverified);
    }

    [Fact]
    public async Task RunStreamingAsync_Audit_ReportsEachRound()
    {
        var pipeline = Pipeline().AddBuilder(BuildAudit.Builder())
            .AddAuditor(BuildAudit.Auditor("p1", BuildAudit.Verdict("revise"), BuildAudit.Verdict("approve"))).Build();

        var events = new List<ConvergenceEvent>();
        await foreach (var e in pipeline.RunStreamingAsync(Request))
        {
            events.Add(e);
        }

        events.OfType<AuditCompletedEvent>().Select(e => e.Decision.Verdict).Should().Equal(AuditVerdict.Revise, AuditVerdict.Approve);
    }
}
