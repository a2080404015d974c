using Convergence.Tests.Build;

namespace Convergence.Tests.Audit;

public class AuditorIndependenceTests
{
    private static ConvergencePipelineBuilder Pipeline() => new ConvergencePipelineBuilder()
        .AddExplorer(BuildAudit.Explorer())
        .Configure(o => o.Build.Verifier = FakeVerifier.PassOn(0));

    [Fact]
    public async Task RunAsync_AuditorOnBuildersProvider_FlaggedInWarnings()
    {
        var pipeline = Pipeline()
            .AddBuilder(BuildAudit.Builder("anthropic"), o => o.Name = "claude")
            .AddAuditor(BuildAudit.Auditor("Anthropic"), o => o.Name = "claude-audit")
            .Build();

        var result = await pipeline.RunAsync(new ConvergenceRequest(BuildAudit.Task));

        result.Warnings.Should().ContainSingle(w => w.Contains("same-model illusion", StringComparison.Ordinal))
            .Which.Should().Contain("claude-audit").And.Contain("claude");
        result.Candidates[0].Status.Should().Be(CandidateStatus.Approved, "by default the review still counts; it is flagged");
    }

    [Fact]
    public async Task RunAsync_AuditorOnAnotherProvider_NoWarning()
    {
        var pipeline = Pipeline().AddBuilder(BuildAudit.Builder("anthropic")).AddAuditor(BuildAudit.Auditor("openai")).Build();

        var result = await pipeline.RunAsync(new ConvergenceRequest(BuildAudit.Task));

        result.Warnings.Should().NotContain(w => w.Contains("same-model", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_StrictAndEveryBuilderHasASameProviderAuditor_Throws()
    {
        var builder = Pipeline()
            .AddBuilder(BuildAudit.Builder("anthropic"), o => o.Name = "claude")
            .AddAuditor(BuildAudit.Auditor("openai"))
            .AddAuditor(BuildAudit.Auditor("anthropic"), o => o.Name = "claude-audit")
            .Configure(o => o.Audit.RequireIndependentAuditors = true);

        var build = () => builder.Build();

        build.Should().Throw<InvalidOperationException>()
            .WithMessage("*RequireIndependentAuditors*auditor 'claude-audit' and builder 'claude' are both on 'anthropic'*");
    }

    [Fact]
    public async Task RunAsync_StrictButNotGuaranteed_SameProviderAuditorAbstains()
    {
        var sameProviderAuditor = BuildAudit.Auditor("anthropic");
        var pipeline = Pipeline()
            .AddBuilder(BuildAudit.Builder("anthropic"), o => o.Name = "claude")
            .AddBuilder(BuildAudit.Builder("google"), o => o.Name = "gemini")
            .AddAuditor(sameProviderAuditor, o => o.Name = "claude-audit")
            .AddAuditor(BuildAudit.Auditor("openai"))
            .Configure(o => o.Audit.RequireIndependentAuditors = true)
            .Build();

        var result = await pipeline.RunAsync(new ConvergenceRequest(BuildAudit.Task));

        // Both builders pass on the first try; the tie goes to the first registered, the anthropic one.
        result.Candidates[0].Build!.Builder!.Name.Should().Be("claude");
        sameProviderAuditor.CallCount.Should().Be(0);
        result.Warnings.Should().Contain(w => w.Contains("abstained", StringComparison.Ordinal));
        result.Candidates[0].AuditDecisions.Single().Abstentions.Should().Be(1);
    }
}
