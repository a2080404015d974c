namespace Convergence.Tests.Synthesis;

public class LexicalNormalizerTests
{
    [Theory]
    [InlineData("ＳＱＬ　Ｉｎｊｅｃｔｉｏｎ", "sql injection")]
    [InlineData("  SQL   injection!!  in\tlogin. ", "sql injection in login")]
    [InlineData("Café — naïve résumé", "cafe naive resume")]
    [InlineData("Don't block the thread", "dont block the thread")]
    [InlineData("N+1 query (ORM)", "n 1 query orm")]
    [InlineData("", "")]
    public void Normalize_FoldsWidthCaseAccentsPunctuationAndSpace(string input, string expected)
        => LexicalNormalizer.Normalize(input).Should().Be(expected);

    [Fact]
    public void Jaccard_OfSortedSets_IsIntersectionOverUnion()
    {
        ShingleSet.Jaccard([1, 2, 3, 4], [3, 4, 5, 6]).Should().BeApproximately(2.0 / 6, 1e-12);
        ShingleSet.Jaccard([], []).Should().Be(1);
        ShingleSet.Jaccard([1], []).Should().Be(0);
    }
}
