using Convergence.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Convergence.Tests.Telemetry;

public sealed class UsageAndBudgetTests
{
    [Fact]
    public async Task RunAsync_Usage_EqualsExactlyWhatTheClientsReported_PerRunParticipantProviderAndRole()
    {
        var (gpt, claude, gemini) = Panel.Create();
        Panel.Tally gptTally = new(gpt), claudeTally = new(claude), geminiTally = new(gemini);

        var result = await Panel.Builder(gptTally, claudeTally, geminiTally).Build().RunAsync(new(Panel.Task));

        var reported = new UsageDetails();
        reported.Add(gptTally.Reported);
        reported.Add(claudeTally.Reported);
        reported.Add(geminiTally.Reported);
        result.Usage.Should().Be(TokenUsage.FromUsageDetails(reported));
        result.Usage.Should().Be(new TokenUsage { InputTokens = 420, OutputTokens = 85, TotalTokens = 505, CachedInputTokens = 40 });

        result.Participants.Single(p => p.Name == "gpt").Usage.Should().Be(TokenUsage.FromUsageDetails(gptTally.Reported));
        result.Participants.Single(p => p.Name == "claude").Usage.Should().Be(TokenUsage.FromUsageDetails(claudeTally.Reported));
        result.Participants.Single(p => p.Name == "claude").Calls.Should().Be(2);

        result.UsageByProvider.Keys.Should().Equal("openai", "anthropic", "google");
        result.UsageByProvider["anthropic"].Should().Be(new UsageSummary { Usage = TokenUsage.FromUsageDetails(claudeTally.Reported), Calls = 2 });
        result.UsageByProvider["google"].Usage.Should().Be(TokenUsage.FromUsageDetails(geminiTally.Reported));
        result.UsageByRole.Should().ContainSingle().Which.Should().Be(
            new KeyValuePair<string, UsageSummary>("explorer", new UsageSummary { Usage = result.Usage, Calls = 4 }));
        result.Cost.Should().BeNull("no cost estimator is configured");
    }

    [Fact]
    public async Task RunAsync_BackupAnswers_UsageIsCountedForTheProviderThatAnswered()
    {
        var (gpt, claude, gemini) = Panel.Create();
        var down = new ScriptedChatClient("openai", "gpt-4o-mini").Throw(new InvalidOperationException("down"));

        var result = await new ConvergencePipelineBuilder()
            .AddExplorer(down, o =>
            {
                o.Name = "gpt";
                o.Fallbacks.Add(new ParticipantFallback(gpt, provider: "azure-openai", model: "gpt-4o-mini"));
            })
            .AddExplorer(gemini, o => o.Name = "gemini")
            .Build()
            .RunAsync(new(Panel.Task));

        result.UsageByProvider.Keys.Should().BeEquivalentTo(["azure-openai", "google"]);
        result.UsageByProvider["azure-openai"].Usage.TotalTokens.Should().Be(120);
        _ = claude;
    }

    [Fact]
    public async Task RunAsync_PriceTable_CostPerCallParticipantProviderRoleAndRun()
    {
        var (gpt, claude, gemini) = Panel.Create();
        var prices = new PriceTable()
            .Add("openai", "gpt-4o-mini", inputPerMillionTokens: 0.15m, outputPerMillionTokens: 0.60m)
            .Add("anthropic", null, 3m, 15m)
            .Add("google", "gemini-2.5-flash", 0.30m, 2.50m);

        var result = await Panel.Builder(gpt, claude, gemini).Configure(o => o.CostEstimator = prices).Build().RunAsync(new(Panel.Task));

        decimal gptCost = ((100 * 0.15m) + (20 * 0.60m)) / 1_000_000m, claudeCost = ((200 * 3m) + (40 * 15m)) / 1_000_000m, geminiCost = ((120 * 0.30m) + (25 * 2.50m)) / 1_000_000m;
        result.Participants.Select(p => p.Cost).Should().Equal(gptCost, claudeCost, geminiCost);
        result.UsageByProvider["anthropic"].Cost.Should().Be(claudeCost);
        result.UsageByRole["explorer"].Cost.Should().Be(gptCost + claudeCost + geminiCost);
        result.Cost.Should().Be(gptCost + claudeCost + geminiCost);
    }

    [Fact]
    public async Task RunAsync_CostEstimatorService_UnknownPrice_CostIsNullWithAWarning()
    {
        var (gpt, claude, gemini) = Panel.Create();
        var services = new ServiceCollection().AddSingleton<ICostEstimator>(new PriceTable().Add("openai", null, 1m, 1m)).BuildServiceProvider();

        var result = await Panel.Builder(gpt, claude, gemini).Build(services).RunAsync(new(Panel.Task));

        result.Participants.Single(p => p.Name == "gpt").Cost.Should().Be(120m / 1_000_000m);
        result.Participants.Single(p => p.Name == "claude").Cost.Should().BeNull();
        result.UsageByProvider["openai"].Cost.Should().Be(120m / 1_000_000m);
        result.Cost.Should().BeNull("some calls have no price");
        result.Warnings.Should().Contain(w => w.Contains("no price for provider 'anthropic' model 'claude-sonnet-4-5'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_MaxTokensSpent_NoFurtherExplorerStarts_PartialResultSaysWhichBudgetStoppedWhat()
    {
        var (gpt, claude, gemini) = Panel.Create();

        var result = await Panel.Builder(gpt, claude, gemini)
            .Configure(o =>
            {
                o.Explore.MaxDegreeOfParallelism = 1;
                o.Budget.MaxTokens = 200;
            })
            .Build()
            .RunAsync(new(Panel.Task));

        // gpt spends 120 (< 200): claude starts, spends 100 on an unusable reply (220 >= 200): its repair request and gemini never start.
        gpt.CallCount.Should().Be(1);
        claude.CallCount.Should().Be(1);
        gemini.CallCount.Should().Be(0);
        result.Status.Should().Be(RunStatus.Partial);
        result.Usage.TotalTokens.Should().Be(220);
        var stopped = result.Participants.Where(p => p.ErrorKind == ParticipantErrorKind.Budget).Select(p => p.Name);
        stopped.Should().BeEquivalentTo(["claude", "gemini"]);
        result.Warnings.Should().Contain("Explorer 'gemini' was stopped by the budget: Not started: the token budget of 200 was spent (220 tokens used).");
        result.Candidates.Should().ContainSingle("synthesis still ranks what arrived").Which.Title.Should().Be("Unbounded retries");
    }

    [Fact]
    public async Task RunAsync_MaxCostSpent_NoFurtherExplorerStarts()
    {
        var (gpt, claude, gemini) = Panel.Create();

        var result = await new ConvergencePipelineBuilder()
            .AddExplorer(gpt, o => o.Name = "gpt")
            .AddExplorer(gemini, o => o.Name = "gemini")
            .AddExplorer(claude, o => o.Name = "claude")
            .Configure(o =>
            {
                o.Explore.MaxDegreeOfParallelism = 1;
                o.CostEstimator = new PriceTable().Add("openai", null, 10m, 10m).Add("google", null, 10m, 10m).Add("anthropic", null, 10m, 10m);
                o.Budget.MaxCost = 0.002m;
            })
            .Build()
            .RunAsync(new(Panel.Task));

        // gpt costs 0.0012, gemini 0.00145: 0.00265 >= 0.002, so claude is not started.
        claude.CallCount.Should().Be(0);
        result.Cost.Should().Be(0.00265m);
        result.Warnings.Should().Contain("Explorer 'claude' was stopped by the budget: Not started: the cost budget of 0.002 was spent (0.00265 used).");
    }

    [Fact]
    public async Task RunAsync_BudgetNotReached_RunIsUnaffected()
    {
        var (gpt, claude, gemini) = Panel.Create();

        var result = await Panel.Builder(gpt, claude, gemini).Configure(o => o.Budget.MaxTokens = 10_000).Build().RunAsync(new(Panel.Task));

        result.Status.Should().Be(RunStatus.Completed);
        result.Participants.Should().OnlyContain(p => p.Status == ParticipantStatus.Succeeded);
    }

    [Fact]
    public void Build_MaxCostWithoutCostEstimator_ThrowsNamingTheOption()
    {
        var (gpt, claude, gemini) = Panel.Create();

        var act = () => Panel.Builder(gpt, claude, gemini).Configure(o => o.Budget.MaxCost = 1m).Build();

        act.Should().Throw<ArgumentException>().WithMessage("*Budget.MaxCost needs a cost estimator*");
    }

    [Fact]
    public void Build_NonPositiveMaxTokens_Throws()
    {
        var (gpt, claude, gemini) = Panel.Create();

        var act = () => Panel.Builder(gpt, claude, gemini).Configure(o => o.Budget.MaxTokens = 0).Build();

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Budget.MaxTokens");
    }

    [Fact]
    public void PriceTable_ModelPriceWinsOverProviderPrice_UnknownIsNull()
    {
        var prices = new PriceTable().Add("OpenAI", null, 1m, 1m).Add("openai", "gpt-4o", 2m, 4m);
        var usage = new TokenUsage { InputTokens = 1_000_000, OutputTokens = 500_000, TotalTokens = 1_500_000 };

        prices.EstimateCost("openai", "GPT-4o", usage).Should().Be(4m);
        prices.EstimateCost("openai", "gpt-4o-mini", usage).Should().Be(1.5m);
        prices.EstimateCost("ollama", "llama3", usage).Should().BeNull();
    }

    [Fact]
    public async Task ResultJson_CarriesUsagePerProviderRoleAndParticipant_AndCost()
    {
        var (gpt, claude, gemini) = Panel.Create();
        var result = await Panel.Builder(gpt, claude, gemini)
            .Configure(o => o.CostEstimator = new PriceTable().Add("openai", null, 1m, 1m).Add("anthropic", null, 1m, 1m).Add("google", null, 1m, 1m))
            .Build()
            .RunAsync(new(Panel.Task));

        var json = ConvergenceJsonUtilities.Serialize(result);

        json.Should().Contain("\"usage\": {\n    \"inputTokens\": 420,").And.Contain("\"usageByProvider\": {").And.Contain("\"anthropic\": {")
            .And.Contain("\"usageByRole\": {").And.Contain("\"explorer\": {").And.Contain("\"cost\": 0.000505");
        var back = ConvergenceJsonUtilities.Deserialize(json);
        back.UsageByProvider.Should().BeEquivalentTo(result.UsageByProvider);
        back.Participants.Select(p => p.Cost).Should().Equal(result.Participants.Select(p => p.Cost));
    }
}

/// <summary>The budget before a stage and between build iterations, with the real build and audit stages.</summary>
public sealed class StageBudgetTests
{
    [Fact]
    public async Task RunAsync_BudgetSpentByExplorers_BuildAndAuditAreNotStarted_SynthesisStillRuns()
    {
        var (gpt, _, gemini) = Panel.Create();
        var builder = Builder();
        var auditor = new ScriptedChatClient("openai", "gpt-4o").Reply(Convergence.Tests.Build.BuildAudit.Verdict("approve"), Usage(50, 10));

        var result = await new ConvergencePipelineBuilder()
            .AddExplorer(gpt, o => o.Name = "gpt")
            .AddExplorer(gemini, o => o.Name = "gemini")
            .AddBuilder(builder, o => o.Name = "claude-builder")
            .AddAuditor(auditor, o => o.Name = "gpt-auditor")
            .Configure(o =>
            {
                o.Budget.MaxTokens = 200;
                o.Build.Verifier = Convergence.Tests.Build.FakeVerifier.PassOn(0);
            })
            .Build()
            .RunAsync(new(Panel.Task));

        result.Usage.TotalTokens.Should().Be(265, "both explorers started while the budget was not spent");
        result.Candidates.Should().HaveCount(2, "synthesis calls no participant, so it still runs");
        builder.CallCount.Should().Be(0);
        auditor.CallCount.Should().Be(0);
        result.Status.Should().Be(RunStatus.Partial);
        result.Warnings.Should().Contain("The budget stopped the run: the token budget of 200 was spent (265 tokens used); stages not started: build, audit.");
    }

    [Fact]
    public async Task RunAsync_BudgetSpentDuringBuild_NoFurtherBuildIterationOrAuditStarts()
    {
        var (gpt, _, _) = Panel.Create();
        var builder = Builder();
        var auditor = new ScriptedChatClient("openai", "gpt-4o").Reply(Convergence.Tests.Build.BuildAudit.Verdict("approve"), Usage(50, 10));

        var result = await new ConvergencePipelineBuilder()
            .AddExplorer(gpt, o => o.Name = "gpt")
            .AddBuilder(builder, o => o.Name = "claude-builder")
            .AddAuditor(auditor, o => o.Name = "gpt-auditor")
            .Configure(o =>
            {
                o.Budget.MaxTokens = 500;
                o.Build.MaxIterations = 5;
                o.Build.Verifier = new Convergence.Tests.Build.FakeVerifier((_, _) => VerificationResult.Fail("still wrong"));
            })
            .Build()
            .RunAsync(new(Panel.Task));

        // gpt spends 120; each build iteration spends 200: 320 < 500 lets a second iteration start, 520 >= 500 stops the third.
        builder.CallCount.Should().Be(2);
        auditor.CallCount.Should().Be(0);
        result.Usage.TotalTokens.Should().Be(520);
        result.Status.Should().Be(RunStatus.Partial);
        result.Warnings.Should().Contain(w => w.Contains("the token budget of 500 was spent (520 tokens used)", StringComparison.Ordinal));
        result.UsageByRole.Keys.Should().Equal("explorer", "builder");
        result.UsageByRole["builder"].Should().Be(new UsageSummary { Usage = new TokenUsage { InputTokens = 300, OutputTokens = 100, TotalTokens = 400 }, Calls = 2 });
    }

    private static ScriptedChatClient Builder()
    {
        var client = new ScriptedChatClient("anthropic", "claude-sonnet-4-5");
        for (var i = 1; i <= 5; i++)
        {
            _ = client.Reply($"artifact v{i}", Usage(150, 50));
        }

        return client;
    }

    private static UsageDetails Usage(long input, long output) => new() { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
}
