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

    [Theory]
    [InlineData("SQL injection in login", "The username is concatenated.")]
    [InlineData("", "Only a detail")]
    [InlineData("Only a title", "")]
    [InlineData("!!", "'quoted' detail")]
    [InlineData("Title's end'", "...")]
    [InlineData("ＳＱＬ injection", "non-ASCII title")]
    public void Shingles_OfACandidate_AreThoseOfItsComparedText(string title, string detail)
    {
        var synthesizer = new LexicalDedupSynthesizer(new() { CharacterShingleSize = 3, WordShingleSize = 2 });
        var candidate = Finding("x", Gpt, title, detail);

        synthesizer.Shingles(candidate).Should().Equal(synthesizer.Shingles(ClusterMerger.TextOf(candidate, includeDetail: true)));
    }

    [Fact]
    public async Task SynthesizeAsync_StopWordsOnly_DoNotMergeUnrelatedFindings()
    {
        // Without stop words, "It is in the" and "Is it on" would both be empty and so duplicates of each other.
        Candidate[] findings = [Finding("a", Gpt, "It is in the"), Finding("b", Claude, "Is it on")];

        var result = await new LexicalDedupSynthesizer(new() { IncludeDetail = false }).SynthesizeAsync(Request(findings));

        result.Candidates.Should().HaveCount(2);
    }

    [Fact]
    public async Task SynthesizeAsync_StopWordsMatchAfterNormalisation()
    {
        Candidate[] findings = [Finding("a", Gpt, "Race condition in cache"), Finding("b", Claude, "Race condition ÜBER cache")];

        var keep = await new LexicalDedupSynthesizer(new() { StopWords = [], Threshold = 0.7 }).SynthesizeAsync(Request(findings));
        var drop = await new LexicalDedupSynthesizer(new() { StopWords = ["in", "Uber"], Threshold = 0.7 }).SynthesizeAsync(Request(findings));

        keep.Candidates.Should().HaveCount(2, "3 of 5 words in common is below 0.7");
        drop.Candidates.Should().ContainSingle("without the stop words both are 'race condition cache'");
    }

    [Fact]
    public void Constructor_NullStopWords_Throws()
    {
        var act = () => new LexicalDedupSynthesizer(new() { StopWords = null! });

        act.Should().Throw<ArgumentNullException>().WithParameterName("StopWords");
    }

    [Theory]
    [InlineData("")]
    [InlineData("e.g.")]
    [InlineData("!!")]
    public void Constructor_StopWordThatIsNotOneWord_Throws(string word)
    {
        var act = () => new LexicalDedupSynthesizer(new() { StopWords = [word] });

        act.Should().Throw<ArgumentException>().WithParameterName("StopWords");
    }

    [Theory]
    [InlineData(15)]
    [InlineData(4097)]
    public void Constructor_SignatureLengthOutOfRange_Throws(int length)
    {
        var act = () => new LexicalDedupSynthesizer(new() { SignatureLength = length });

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("SignatureLength");
    }
}
