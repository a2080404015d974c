using static Convergence.Tests.Synthesis.SynthesisTestData;

namespace Convergence.Tests.Synthesis;

public class WeightedConsensusTests
{
    private static Candidate Cluster(string title, params ParticipantIdentity[] supporters) => new()
    {
        Id = title,
        Title = title,
        Findings = [.. supporters.Select((s, i) => new Finding { Id = $"{title}/{s.Name}#{i}", Title = title, Source = s })],
    };

    private static Task<SynthesisResult> RankAsync(ConsensusSynthesizerOptions options, ParticipantIdentity[] panel, params Candidate[] candidates)
        => new ConsensusSynthesizer(options).SynthesizeAsync(new SynthesisRequest(candidates, panel, "task"));

    [Fact]
    public async Task CustomVoteWeight_OutweighsHeadCount()
    {
        var result = await RankAsync(
            new() { VoteWeight = a => a.Participant.Provider == "anthropic" ? 3 : 1 },
            [Gpt, Claude, Gemini],
            Cluster("two voices", Gpt, Gemini),
            Cluster("one heavy voice", Claude));

        result.Candidates.Select(c => c.Title).Should().Equal("one heavy voice", "two voices");
        result.Candidates[0].Score.Should().BeApproximately(3.0 / 5, 1e-12);
        result.Candidates[0].IsDissent.Should().BeTrue("dissent is flagged, and kept");
    }

    [Fact]
    public async Task CustomVoteWeight_SharedProviderCountsItsStrongestMemberOnce()
    {
        var result = await RankAsync(
            new() { VoteWeight = a => a.Participant == GptMini ? 2 : 1 },
            [Gpt, GptMini, Claude],
            Cluster("openai twice", Gpt, GptMini));

        result.Candidates[0].Score.Should().BeApproximately(2.0 / 3, 1e-12, "openai's voice weighs 2 (its strongest member), anthropic's 1");
    }

    [Fact]
    public async Task CustomVoteWeight_Negative_Throws()
    {
        var act = () => RankAsync(new() { VoteWeight = _ => -1 }, [Gpt], Cluster("x", Gpt));

        await act.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task Monoculture_SingleProvider_Warns()
    {
        var result = await RankAsync(new(), [Gpt, GptMini], Cluster("x", Gpt, GptMini));

        result.Warnings.Should().ContainSingle().Which.Should().Contain("Monoculture").And.Contain("openai");
    }

    [Fact]
    public async Task Monoculture_OneVoiceDominatesByWeight_Warns()
    {
        var result = await RankAsync(new() { VoteWeight = a => a.Participant == Gpt ? 100 : 1 }, [Gpt, Claude], Cluster("x", Gpt, Claude));

        result.Warnings.Should().ContainSingle().Which.Should().Contain("effective independent voices");
    }

    [Fact]
    public async Task Monoculture_TwoEqualProviders_NoWarning()
    {
        var result = await RankAsync(new(), [Gpt, Claude], Cluster("x", Gpt, Claude));

        result.Warnings.Should().BeEmpty();
    }

    private static CalibrationItem[] EchoPanelHistory()
    {
        var random = new Random(5);
        return Enumerable.Range(0, 300).Select(_ =>
        {
            var gptWrong = random.NextDouble() < 0.05;
            var crowdWrong = random.NextDouble() < 0.2;
            return new CalibrationItem("A",
            [
                new(Gpt, gptWrong ? "B" : "A"),
                new(Claude, crowdWrong ? "C" : "A"),
                new(Gemini, crowdWrong ? "C" : "A"),
                new(Llama, crowdWrong ? "C" : "A"),
            ]);
        }).ToArray();
    }

    [Fact]
    public void Calibrator_EnsembleWorseThanBestParticipant_DefersToIt()
    {
        // gpt is right on 95 % of items; three providers, each right on 80 %, make the same mistakes (an echo, not independence).
        var items = EchoPanelHistory();

        var profile = new ReliabilityCalibrator().Fit(items);

        profile.DeferTo.Should().Be(Gpt);
        profile.CrossValidatedBestSingleAccuracy.Should().BeGreaterThan(profile.CrossValidatedEnsembleAccuracy);
        profile.Weights[Gpt.Name].Should().BeGreaterThan(profile.Weights[Claude.Name]);
    }

    [Fact]
    public async Task Calibrated_Deferring_RanksTheBestParticipantsCandidateFirst_AndSaysSo()
    {
        var items = EchoPanelHistory();
        var profile = new ReliabilityCalibrator().Fit(items);

        var result = await RankAsync(new() { Reliability = profile }, [Gpt, Claude, Gemini, Llama], Cluster("crowd", Claude, Gemini, Llama), Cluster("gpt", Gpt));

        result.Candidates[0].Title.Should().Be("gpt");
        result.Candidates.Should().HaveCount(2, "the crowd's candidate is kept, ranked second");
        result.Warnings.Should().ContainSingle(w => w.Contains("Deferring to participant 'gpt'"));
    }

    [Fact]
    public void Calibrator_IndependentComparableParticipants_TrustsTheEnsemble()
    {
        // Five providers, each right about 75 % of the time with independent errors (spread over three wrong options):
        // the weighted vote is right far more often than any one of them.
        ParticipantIdentity[] panel = [Gpt, Claude, Gemini, Llama, new("mistral", "mistral", "large")];
        var random = new Random(11);
        var items = Enumerable.Range(0, 400).Select(_ => new CalibrationItem("A",
            panel.Select(p => new CalibrationAnswer(p, random.NextDouble() < 0.25 ? "BCD"[random.Next(3)].ToString() : "A")).ToArray())).ToArray();

        var profile = new ReliabilityCalibrator().Fit(items);

        profile.DeferTo.Should().BeNull();
        profile.CrossValidatedEnsembleAccuracy.Should().BeGreaterThan(profile.CrossValidatedBestSingleAccuracy + 0.1);
    }

    [Fact]
    public void Calibrator_Abstentions_AreNeitherVotesNorErrors()
    {
        var items = Enumerable.Range(0, 100).Select(i => new CalibrationItem("A",
        [
            new(Gpt, i % 2 == 0 ? null : "A"),
            new(Claude, "A"),
            new(Gemini, i % 4 == 0 ? "B" : "A"),
        ])).ToArray();

        var profile = new ReliabilityCalibrator(new() { PriorStrength = 0 }).Fit(items);

        profile.Accuracies[Gpt.Name].Should().BeApproximately(0.999, 1e-9, "gpt was right on every item it answered (accuracy capped at 0.999)");
        profile.Accuracies[Gemini.Name].Should().BeApproximately(0.75, 1e-9);
        profile.DeferTo.Should().NotBe(Gpt, "the best single participant is judged on every item, so the items gpt abstained on count against it");
    }

    [Fact]
    public void Calibrator_Shrinkage_PullsSmallSamplesTowardThePrior()
    {
        var items = new[]
        {
            new CalibrationItem("A", [new(Gpt, "A"), new(Claude, "B")]),
            new CalibrationItem("A", [new(Gpt, "A"), new(Claude, "A")]),
        };

        var shrunk = new ReliabilityCalibrator(new() { PriorStrength = 10 }).Fit(items);
        var raw = new ReliabilityCalibrator(new() { PriorStrength = 0 }).Fit(items);

        shrunk.Accuracies[Gpt.Name].Should().BeLessThan(raw.Accuracies[Gpt.Name]);
        shrunk.Accuracies[Claude.Name].Should().BeGreaterThan(raw.Accuracies[Claude.Name]);
    }

    [Fact]
    public async Task Abstainers_OutsideThePanel_DoNotDiluteScores()
    {
        // The pipeline leaves explorers that abstained out of the panel; a candidate the whole answering panel supports scores 1.
        var result = await RankAsync(new(), [Gpt, Claude], Cluster("x", Gpt, Claude));

        result.Candidates[0].Score.Should().Be(1.0);
    }

    [Fact]
    public async Task Ties_BreakDeterministically_SameInputSameRanking()
    {
        Candidate[] candidates = [Cluster("b", Claude), Cluster("a", Gpt), Cluster("c", Gemini)];
        var first = await RankAsync(new(), [Gpt, Claude, Gemini], candidates);
        var second = await RankAsync(new(), [Gpt, Claude, Gemini], candidates);

        first.Candidates.Select(c => c.Title).Should().Equal("b", "a", "c");
        second.Candidates.Select(c => c.Title).Should().Equal(first.Candidates.Select(c => c.Title));
    }

    [Fact]
    public void CalibratorOptions_OutOfRange_Throw()
    {
        ((Action)(() => _ = new ReliabilityCalibrator(new() { Folds = 1 }))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new ReliabilityCalibrator(new() { PriorStrength = -1 }))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => new ReliabilityCalibrator().Fit([]))).Should().Throw<ArgumentException>();
    }
}
