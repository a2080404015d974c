namespace Convergence.Tests.Audit;

public class AuditPolicyTests
{
    private static AuditReview Review(string name, AuditVerdict verdict, RiskSeverity? risk = null) => new()
    {
        Participant = name,
        Verdict = verdict,
        Risks = risk is { } severity ? [new AuditRisk(severity, "a risk")] : [],
    };

    [Theory]
    [InlineData(2, 3, AuditVerdict.Approve)]
    [InlineData(1, 3, AuditVerdict.Reject)]
    [InlineData(2, 4, AuditVerdict.Reject)]
    [InlineData(3, 4, AuditVerdict.Approve)]
    public void Decide_Majority_NeedsMoreThanHalfOfTheAuditorsAsked(int approvals, int auditors, AuditVerdict expected)
    {
        var reviews = Enumerable.Range(0, auditors)
            .Select(i => Review($"a{i}", i < approvals ? AuditVerdict.Approve : AuditVerdict.Reject)).ToList();

        var decision = new AuditPolicy().Decide(0, auditors, reviews, canRevise: false);

        decision.Verdict.Should().Be(expected);
        decision.Approvals.Should().Be(approvals);
    }

    [Fact]
    public void Decide_Unanimous_OneRejectionBlocks()
    {
        var policy = new AuditPolicy { Quorum = AuditQuorum.Unanimous };
        AuditReview[] reviews = [Review("a", AuditVerdict.Approve), Review("b", AuditVerdict.Approve), Review("c", AuditVerdict.Reject)];

        policy.Decide(0, 3, reviews, canRevise: false).Verdict.Should().Be(AuditVerdict.Reject);
        policy.Decide(0, 3, reviews[..2].Append(Review("c", AuditVerdict.Approve)).ToList(), canRevise: false).Verdict.Should().Be(AuditVerdict.Approve);
    }

    [Theory]
    [InlineData(1, AuditVerdict.Approve)]
    [InlineData(2, AuditVerdict.Approve)]
    [InlineData(3, AuditVerdict.Reject)]
    public void Decide_AtLeastNOfM_NeedsNApprovals(int required, AuditVerdict expected)
    {
        var policy = new AuditPolicy { Quorum = AuditQuorum.AtLeast, RequiredApprovals = required };
        AuditReview[] reviews = [Review("a", AuditVerdict.Approve), Review("b", AuditVerdict.Approve), Review("c", AuditVerdict.Reject)];

        policy.Decide(0, 3, reviews, canRevise: false).Verdict.Should().Be(expected);
    }

    [Fact]
    public void Decide_RiskAtVetoSeverity_RejectsDespiteUnanimousApproval()
    {
        var policy = new AuditPolicy { VetoSeverity = RiskSeverity.High };
        AuditReview[] reviews = [Review("a", AuditVerdict.Approve), Review("b", AuditVerdict.Approve, RiskSeverity.High), Review("c", AuditVerdict.Approve)];

        var decision = policy.Decide(0, 3, reviews, canRevise: true);

        decision.Verdict.Should().Be(AuditVerdict.Reject);
        decision.Vetoed.Should().BeTrue();
        decision.VetoedBy.Should().Equal("b");
        decision.Reason.Should().StartWith("Vetoed");
    }

    [Fact]
    public void Decide_RiskBelowVetoSeverityOrNoVeto_DoesNotVeto()
    {
        AuditReview[] reviews = [Review("a", AuditVerdict.Approve, RiskSeverity.High), Review("b", AuditVerdict.Approve, RiskSeverity.Critical)];

        new AuditPolicy { VetoSeverity = null }.Decide(0, 2, reviews, canRevise: false).Verdict.Should().Be(AuditVerdict.Approve);
        new AuditPolicy().Decide(0, 2, reviews[..1], canRevise: false).Verdict.Should().Be(AuditVerdict.Reject, "the other auditor abstained");
        new AuditPolicy().Decide(0, 1, reviews[..1], canRevise: false).Verdict.Should().Be(AuditVerdict.Approve, "high is below the default critical veto");
    }

    [Fact]
    public void Decide_FailedAuditors_CountAsNotApproving()
    {
        var decision = new AuditPolicy().Decide(0, 3, [Review("a", AuditVerdict.Approve)], canRevise: false);

        decision.Verdict.Should().Be(AuditVerdict.Reject);
        decision.Abstentions.Should().Be(2);
    }

    [Fact]
    public void Decide_ReviseVerdictWithoutQuorum_RevisesOnlyWhileRoundsRemain()
    {
        AuditReview[] reviews = [Review("a", AuditVerdict.Revise), Review("b", AuditVerdict.Approve)];

        var open = new AuditPolicy().Decide(0, 2, reviews, canRevise: true);
        var spent = new AuditPolicy().Decide(1, 2, reviews, canRevise: false);

        open.Verdict.Should().Be(AuditVerdict.Revise);
        open.Reason.Should().StartWith("Sent back to build");
        spent.Verdict.Should().Be(AuditVerdict.Revise);
        spent.Reason.Should().Contain("budget");
    }

    [Fact]
    public void Build_AtLeastMoreApprovalsThanAuditors_Throws()
    {
        var builder = new ConvergencePipelineBuilder()
            .AddExplorer(Build.BuildAudit.Explorer())
            .AddBuilder(Build.BuildAudit.Builder())
            .AddAuditor(Build.BuildAudit.Auditor("p1"))
            .Configure(o =>
            {
                o.Build.Verifier = Build.FakeVerifier.PassOn(0);
                o.Audit.Policy = new AuditPolicy { Quorum = AuditQuorum.AtLeast, RequiredApprovals = 2 };
            });

        var build = () => builder.Build();

        build.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Audit.Policy.RequiredApprovals*");
    }
}
