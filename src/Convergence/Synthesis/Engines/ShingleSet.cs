namespace Convergence;

/// <summary>Builds the set of hashed shingles of a normalised text: character k-grams and word n-grams, kept apart by a tag.</summary>
internal static class ShingleSet
{
    private const ulong CharTag = 0x9E3779B97F4A7C15UL;
    private const ulong WordTag = 0xC2B2AE3D27D4EB4FUL;

    /// <summary>Returns the sorted, distinct shingle hashes of <paramref name="normalized"/>.</summary>
    /// <param name="normalized">Text produced by <see cref="LexicalNormalizer.Normalize(string)"/>.</param>
    /// <param name="charSize">Character shingle length (0 for none).</param>
    /// <param name="wordSize">Word shingle length (0 for none).</param>
    /// <returns>The sorted distinct hashes.</returns>
    public static ulong[] Create(string normalized, int charSize, int wordSize)
    {
        var set = new HashSet<ulong>();
        if (charSize > 0 && normalized.Length > 0)
        {
            // Pad with spaces so that word boundaries form shingles of their own and short texts still yield one shingle.
            var padded = string.Concat(" ", normalized, " ");
            if (padded.Length <= charSize)
            {
                _ = set.Add(Hash(padded.AsSpan(), CharTag));
            }
            else
            {
                for (var i = 0; i + charSize <= padded.Length; i++)
                {
                    _ = set.Add(Hash(padded.AsSpan(i, charSize), CharTag));
                }
            }
        }

        if (wordSize > 0 && normalized.Length > 0)
        {
            var words = normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var n = Math.Min(wordSize, words.Length);
            for (var i = 0; i + n <= words.Length; i++)
            {
                var h = WordTag;
                for (var k = 0; k < n; k++)
                {
                    h = Mix(h ^ Hash(words[i + k].AsSpan(), WordTag + (ulong)k));
                }

                _ = set.Add(h);
            }
        }

        var result = set.ToArray();
        Array.Sort(result);
        return result;
    }

    /// <summary>Jaccard similarity of two sorted distinct arrays.</summary>
    /// <param name="a">The first set.</param>
    /// <param name="b">The second set.</param>
    /// <returns>|a ∩ b| / |a ∪ b|, or 1 when both are empty.</returns>
    public static double Jaccard(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)common / (a.Length + b.Length - common);
    }

    /// <summary>The 64-bit finaliser of MurmurHash3: a fast, well-mixing bijection.</summary>
    /// <param name="x">The value.</param>
    /// <returns>The mixed value.</returns>
    public static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return x;
    }

    private static ulong Hash(ReadOnlySpan<char> text, ulong seed)
    {
        // FNV-1a over UTF-16 code units, then mixed; deterministic across processes (unlike string.GetHashCode).
        var h = 0xCBF29CE484222325UL ^ seed;
        foreach (var c in text)
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }

        return Mix(h);
    }
}
