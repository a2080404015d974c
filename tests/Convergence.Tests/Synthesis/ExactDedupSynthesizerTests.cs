namespace Convergence.Tests.Synthesis;

public class ExactDedupSynthesizerTests
{
    private static readonly ParticipantIdentity Gpt = new("gpt", "openai", "gpt-4o");
    private static readonly ParticipantIdentity Claude = new("claude", "anthropic", "claude");

    private static Candidate Single(string id, string title, ParticipantIdentity source, double? confidence = null, string detail = "") =>
        Candidate.FromFinding(new Finding { Id = id, Title = title, Detail = detail, Confidence = confidence, Source = source });

    [Fact]
    public async Task SynthesizeAsync_TitlesEqualAfterNormalisation_MergesThem()
    {
        var request = new SynthesisRequest(
            [
                Single("1", "SQL injection in Login()", Gpt),
                Single("2", "  sql INJECTION in login ", Claude),
                Single("3", "ＳＱＬ injection — in login!", Claude),
                Single("4", "Missing timeout", Gpt),
            ],
            [Gpt, Claude],
            "task");

        var result = await new ExactDedupSynthesizer().SynthesizeAsync(request);

        result.Candidates.Should().HaveCount(2);
        result.Candidates[0].Findings.Select(f => f.Id).Should().Equal("1", "2", "3");
        result.Candidates[0].DistinctProviders.Should().Be(2);
        result.Candidates[0].Supporters.Should().Equal(Gpt, Claude);
        result.Candidates[1].Title.Should().Be("Missing timeout");
    }

    [Fact]
    public async Task SynthesizeAsync_Merge_RepresentativeIsTheMostConfidentFinding()
    {
        var request = new SynthesisRequest(
            [Single("1", "Leak", Gpt, 0.3, "short"), Single("2", "leak.", Claude, 0.9, "the confident one")],
            [Gpt, Claude],
            "task");

        var merged = (await new ExactDedupSynthesizer().SynthesizeAsync(request)).Candidates.Single();

        merged.Id.Should().Be("1");
        merged.Title.Should().Be("leak.");
        merged.Detail.Should().Be("the confident one");
    }

    [Fact]
    public async Task SynthesizeAsync_IncludeDetail_KeepsDifferentDetailsApart()
    {
        var request = new SynthesisRequest(
            [Single("1", "Leak", Gpt, detail: "in reader"), Single("2", "Leak", Claude, detail: "in writer")],
            [Gpt, Claude],
            "task");

        (await new ExactDedupSynthesizer(includeDetail: true).SynthesizeAsync(request)).Candidates.Should().HaveCount(2);
        (await new ExactDedupSynthesizer().SynthesizeAsync(request)).Candidates.Should().HaveCount(1);
    }

    [Fact]
    public async Task CompositeSynthesizer_DedupThenConsensus_RanksMergedClusterFirst()
    {
        var request = new SynthesisRequest(
            [Single("1", "Only GPT saw this", Gpt), Single("2", "Both saw this", Gpt), Single("3", "both saw THIS", Claude)],
            [Gpt, Claude],
            "task");

        var result = await new CompositeSynthesizer(new ExactDedupSynthesizer(), new ConsensusSynthesizer()).SynthesizeAsync(request);

        result.Candidates.Select(c => c.Id).Should().Equal("2", "1");
        result.Candidates[0].Score.Should().Be(1.0);
        result.Candidates[1].IsDissent.Should().BeTrue();
    }

    [Fact]
    public void CompositeSynthesizer_EmptyOrNullItems_Throw()
    {
        FluentActions.Invoking(() => new CompositeSynthesizer()).Should().Throw<ArgumentException>().WithParameterName("synthesizers");
        FluentActions.Invoking(() => new CompositeSynthesizer(new ExactDedupSynthesizer(), null!))
            .Should().Throw<ArgumentNullException>().WithMessage("*index 1*");
    }
}
