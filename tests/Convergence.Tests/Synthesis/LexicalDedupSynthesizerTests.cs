using static Convergence.Tests.Synthesis.SynthesisTestData;

namespace Convergence.Tests.Synthesis;

public class LexicalDedupSynthesizerTests
{
    private static readonly Candidate[] Reviews =
    [
        Finding("gpt#1", Gpt, "SQL injection in the login query", "The username is concatenated into the SQL string."),
        Finding("gpt#2", Gpt, "Missing index on orders.customer_id", "Every order lookup scans the table."),
        Finding("claude#1", Claude, "SQL Injection in login query", "The username is concatenated into the SQL string!"),
        Finding("gemini#1", Gemini, "ＳＱＬ injection in the LOGIN query", "the username is concatenated into the sql string"),
        Finding("gemini#2", Gemini, "Passwords hashed with MD5", "MD5 is fast and broken; use a slow password hash."),
        Finding("claude#2", Claude, "Missing index on orders customer id", "Every order lookup scans the whole table."),
    ];

    [Fact]
    public async Task SynthesizeAsync_MergesNearDuplicates_KeepsDistinctFindingsApart()
    {
        var result = await new LexicalDedupSynthesizer().SynthesizeAsync(Request(Reviews));

        result.Candidates.Select(c => c.Findings.Select(f => f.Id)).Should().BeEquivalentTo(
            new[] { new[] { "gpt#1", "claude#1", "gemini#1" }, new[] { "gpt#2", "claude#2" }, new[] { "gemini#2" } },
            o => o.WithStrictOrdering());
        result.Candidates[0].Id.Should().Be("gpt#1", "a merged candidate keeps its first member's identifier");
        result.Candidates[0].DistinctProviders.Should().Be(3);
        result.Candidates[0].Findings.Select(f => f.Source).Should().Equal(Gpt, Claude, Gemini);
    }

    [Fact]
    public async Task SynthesizeAsync_RepresentativeIsTheMostCentralMember()
    {
        Candidate[] cluster =
        [
            Finding("a", Gpt, "race condition in the cache refresh path when two requests arrive"),
            Finding("b", Claude, "race condition in the cache refresh path"),
            Finding("c", Gemini, "race condition in the cache refresh path under load"),
        ];

        var result = await new LexicalDedupSynthesizer(new() { Threshold = 0.3 }).SynthesizeAsync(Request(cluster));

        result.Candidates.Should().ContainSingle();
        result.Candidates[0].Title.Should().Be("race condition in the cache refresh path", "it shares the most with each of the others");
        result.Candidates[0].Findings.Should().HaveCount(3);
    }

    [Fact]
    public async Task SynthesizeAsync_SameInput_SameOutput()
    {
        var first = await new LexicalDedupSynthesizer().SynthesizeAsync(Request(Reviews));
        var second = await new LexicalDedupSynthesizer().SynthesizeAsync(Request(Reviews));

        second.Candidates.Should().BeEquivalentTo(first.Candidates, o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Constructor_ThresholdOutOfRange_Throws(double threshold)
    {
        var act = () => new LexicalDedupSynthesizer(new() { Threshold = threshold });

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Threshold");
    }

    [Fact]
    public void Constructor_NoShingles_Throws()
    {
        var act = () => new LexicalDedupSynthesizer(new() { CharacterShingleSize = 0, WordShingleSize = 0 });

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task SynthesizeAsync_NullRequest_Throws()
    {
        var act = () => new LexicalDedupSynthesizer().SynthesizeAsync(null!);

        await act.Should().ThrowAsync<ArgumentNullException>();
    }
}
