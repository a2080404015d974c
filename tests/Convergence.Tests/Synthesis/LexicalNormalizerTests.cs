using System.Collections.Frozen;

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

    [Fact]
    public void Normalize_AsciiFastPath_MatchesTheGeneralPath()
    {
        // The general path (NFKC, case folding, NFD, categories), reached by appending a non-ASCII letter that normalises apart.
        var random = new Random(11);
        const string Alphabet = "aZ9 '.,;:!?-_()[]{}\t\n\"/\\@#$%^&*+=<>|~`";
        for (var k = 0; k < 2000; k++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 30)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());

            LexicalNormalizer.Normalize(text + " é").Should().Be((LexicalNormalizer.Normalize(text) + " e").TrimStart(), $"for '{text}'");
        }
    }

    [Fact]
    public void Jaccard_SmallAndLargeSets_AgreeWithTheDefinition()
    {
        var random = new Random(5);
        for (var k = 0; k < 500; k++)
        {
            var a = Enumerable.Range(0, random.Next(0, 90)).Select(_ => (uint)random.Next(0, 120)).Distinct().Order().ToArray();
            var b = Enumerable.Range(0, random.Next(0, 90)).Select(_ => (uint)random.Next(0, 120)).Distinct().Order().ToArray();
            var expected = a.Length + b.Length == 0 ? 1 : a.Intersect(b).Count() / (double)a.Union(b).Count();

            ShingleSet.Jaccard(a, b).Should().BeApproximately(expected, 1e-12);
        }

        ShingleSet.Jaccard([0, uint.MaxValue], [0, 1, uint.MaxValue]).Should().BeApproximately(2.0 / 3, 1e-12);
    }

    [Fact]
    public void Create_WithStopWords_LeavesThemOut_UnlessNothingElseIsLeft()
    {
        var stop = new[] { "the", "in" }.ToFrozenSet();

        ShingleSet.Create("race in the cache", 0, 1, stop).Should().Equal(ShingleSet.Create("race cache", 0, 1));
        ShingleSet.Create("in the", 0, 1, stop).Should().Equal(ShingleSet.Create("in the", 0, 1));
        ShingleSet.Create("race in the cache", 3, 0, stop).Should().Equal(ShingleSet.Create("race cache", 3, 0));
    }
}
