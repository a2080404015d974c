namespace Convergence.Tests.Synthesis;

public class ConsensusSynthesizerTests
{
    private static readonly ParticipantIdentity GptA = new("gpt-a", "openai", "gpt-4o");
    private static readonly ParticipantIdentity GptB = new("gpt-b", "openai", "gpt-4o");
    private static readonly ParticipantIdentity GptMini = new("gpt-mini", "openai", "gpt-4o-mini");
    private static readonly ParticipantIdentity Claude = new("claude", "anthropic", "claude-sonnet-4-5");
    private static readonly ParticipantIdentity Gemini = new("gemini", "google", "gemini-2.5-pro");

    private static int _ids;

    private static Candidate Cluster(string title, params ParticipantIdentity[] supporters) => new()
    {
        Id = title,
        Title = title,
        Findings = [.. supporters.Select(s => new Finding { Id = $"{s.Name}#{Interlocked.Increment(ref _ids)}", Title = title, Source = s })],
    };

    private static async Task<SynthesisResult> RankAsync(ConsensusSynthesizerOptions? options, ParticipantIdentity[] panel, params Candidate[] candidates) =>
        await new ConsensusSynthesizer(options).SynthesizeAsync(new SynthesisRequest(candidates, panel, "task"));

    [Fact]
    public async Task SynthesizeAsync_TwoProvidersAgree_OutranksThreePersonasOfOneModel()
    {
        var result = await RankAsync(
            null,
            [GptA, GptB, GptMini, Claude],
            Cluster("personas", GptA, GptB, GptMini),
            Cluster("independent", GptA, Claude));

        result.Candidates.Select(c => c.Title).Should().Equal("independent", "personas");
        result.Candidates[0].Score.Should().Be(1.0);
        result.Candidates[1].Score.Should().Be(0.5, "three participants of one provider are one voice out of two");
    }

    [Fact]
    public async Task SynthesizeAsync_PerModel_DistinctProvidersStillOutrankDistinctModelsOfOneProvider()
    {
        var result = await RankAsync(
            new() { Independence = VoteIndependence.PerModel },
            [GptA, GptMini, Claude, Gemini],
            Cluster("two openai models", GptA, GptMini),
            Cluster("openai and anthropic", GptMini, Claude));

        result.Candidates.Select(c => c.Title).Should().Equal("openai and anthropic", "two openai models");
        result.Candidates[0].Score.Should().BeApproximately(0.5, 1e-9, "half of openai's vote plus anthropic's, out of three providers");
        result.Candidates[1].Score.Should().BeApproximately(1.0 / 3, 1e-9, "both openai models share openai's single vote");
    }

    [Fact]
    public async Task SynthesizeAsync_PerParticipant_CountsPersonasAsVotes()
    {
        var result = await RankAsync(
            new() { Independence = VoteIndependence.PerParticipant },
            [GptA, GptB, GptMini, Claude],
            Cluster("independent", GptA, Claude),
            Cluster("personas", GptA, GptB, GptMini));

        result.Candidates[0].Title.Should().Be("personas", "plain majority has no independence correction");
    }

    [Fact]
    public async Task SynthesizeAsync_SingleProviderCandidate_IsKeptAndFlaggedAsDissent()
    {
        var result = await RankAsync(null, [GptA, Claude, Gemini], Cluster("agreed", GptA, Claude, Gemini), Cluster("only claude", Claude));

        result.Candidates.Should().HaveCount(2);
        result.Candidates.Single(c => c.Title == "only claude").IsDissent.Should().BeTrue();
        result.Candidates.Single(c => c.Title == "agreed").IsDissent.Should().BeFalse();
    }

    [Fact]
    public async Task SynthesizeAsync_PanelOfOneProvider_WarnsOfMonoculture()
    {
        var result = await RankAsync(null, [GptA, GptB], Cluster("a", GptA, GptB));

        result.Warnings.Should().ContainSingle().Which.Should().Contain("Monoculture").And.Contain("openai");
    }

    [Fact]
    public async Task SynthesizeAsync_PanelOfTwoProviders_DoesNotWarn()
    {
        var result = await RankAsync(null, [GptA, Claude], Cluster("a", GptA));

        result.Warnings.Should().BeEmpty();
    }

    [Fact]
    public async Task SynthesizeAsync_Ties_BreakOnConfidenceThenInputOrder_Deterministically()
    {
        Candidate WithConfidence(string title, double confidence) => new()
        {
            Id = title,
            Title = title,
            Findings = [new Finding { Id = title, Title = title, Confidence = confidence, Source = Claude }],
        };

        var input = new[] { WithConfidence("low", 0.2), WithConfidence("first high", 0.9), WithConfidence("second high", 0.9) };
        var first = await RankAsync(null, [Claude, GptA], input);
        var second = await RankAsync(null, [Claude, GptA], input);

        first.Candidates.Select(c => c.Title).Should().Equal("first high", "second high", "low");
        second.Candidates.Select(c => c.Title).Should().Equal(first.Candidates.Select(c => c.Title));
    }

    [Fact]
    public void Constructor_UnknownPolicy_ThrowsNamingTheOption()
    {
        var act = () => new ConsensusSynthesizer(new() { Independence = (VoteIndependence)42 });

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Independence");
    }

    [Fact]
    public async Task SynthesizeAsync_NullRequest_Throws()
    {
        var act = () => new ConsensusSynthesizer().SynthesizeAsync(null!);

        await act.Should().ThrowAsync<ArgumentNullException>().WithParameterName("request");
    }
}
