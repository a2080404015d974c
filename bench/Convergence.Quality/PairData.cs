using System.Globalization;

namespace Convergence.Quality;

/// <summary>One labelled pair of a <c>*.pairs.tsv</c> file.</summary>
internal sealed record LabelledPair(bool Duplicate, string A, string B)
{
    public static IReadOnlyList<LabelledPair> Load(string path)
    {
        var pairs = new List<LabelledPair>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length < 3)
            {
                throw new FormatException($"{path}: expected label<TAB>text_a<TAB>text_b, got '{line}'.");
            }

            pairs.Add(new LabelledPair(int.Parse(parts[0], CultureInfo.InvariantCulture) == 1, parts[1], parts[2]));
        }

        return pairs;
    }
}
