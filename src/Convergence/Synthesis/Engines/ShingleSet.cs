using System.Buffers;
using System.Collections.Frozen;
using System.Runtime.Intrinsics;

namespace Convergence;

/// <summary>Builds the set of hashed shingles of a normalised text: character k-grams and word n-grams, kept apart by a tag.
/// Each shingle is a 64-bit hash folded to 32 bits: half the memory of the sets, and what the MinHash family hashes anyway (two
/// distinct shingles of one pair share a 32-bit value with probability about 1e-7 for findings of 40 shingles).</summary>
internal static class ShingleSet
{
    private const ulong CharTag = 0x9E3779B97F4A7C15UL;
    private const ulong WordTag = 0xC2B2AE3D27D4EB4FUL;

    /// <summary>Returns the sorted, distinct shingle hashes of <paramref name="normalized"/>, keeping every word.</summary>
    /// <param name="normalized">Text produced by <see cref="LexicalNormalizer.Normalize(string)"/>.</param>
    /// <param name="charSize">Character shingle length (0 for none).</param>
    /// <param name="wordSize">Word shingle length (0 for none).</param>
    /// <returns>The sorted distinct hashes.</returns>
    public static uint[] Create(string normalized, int charSize, int wordSize) => Create(normalized, charSize, wordSize, FrozenSet<string>.Empty);

    /// <summary>Returns the sorted, distinct shingle hashes of <paramref name="normalized"/> without its stop words (unless it has
    /// nothing else, in which case every word is kept).</summary>
    /// <param name="normalized">Text produced by <see cref="LexicalNormalizer.Normalize(string)"/>.</param>
    /// <param name="charSize">Character shingle length (0 for none).</param>
    /// <param name="wordSize">Word shingle length (0 for none).</param>
    /// <param name="stopWords">Normalised words to leave out, compared ordinally.</param>
    /// <returns>The sorted distinct hashes.</returns>
    public static uint[] Create(string normalized, int charSize, int wordSize, FrozenSet<string> stopWords)
        => Create(normalized.AsSpan(), charSize, wordSize, stopWords);

    /// <inheritdoc cref="Create(string, int, int, FrozenSet{string})"/>
    public static uint[] Create(ReadOnlySpan<char> normalized, int charSize, int wordSize, FrozenSet<string> stopWords)
    {
        if (normalized.IsEmpty)
        {
            return [];
        }

        // The text without stop words, padded with a space on each side so that word boundaries form character shingles of their
        // own and short texts still yield one.
        var chars = ArrayPool<char>.Shared.Rent(normalized.Length + 2);
        var length = stopWords.Count == 0 ? Copy(normalized, chars.AsSpan(1)) : WithoutStopWords(normalized, stopWords, chars.AsSpan(1));
        chars[0] = ' ';
        chars[length + 1] = ' ';
        var text = chars.AsSpan(1, length);
        var padded = chars.AsSpan(0, length + 2);

        // At most one character shingle per position of the padded text, and one word shingle per word.
        var capacity = (charSize > 0 ? padded.Length : 0) + (wordSize > 0 ? (text.Length / 2) + 1 : 0);
        var hashes = ArrayPool<ulong>.Shared.Rent(capacity);
        var count = 0;
        if (charSize > 0)
        {
            if (padded.Length <= charSize)
            {
                hashes[count++] = Hash(padded, CharTag);
            }
            else
            {
                for (var i = 0; i + charSize <= padded.Length; i++)
                {
                    hashes[count++] = Hash(padded.Slice(i, charSize), CharTag);
                }
            }
        }

        if (wordSize > 0)
        {
            count += WordShingles(text, wordSize, hashes.AsSpan(count));
        }

        ArrayPool<char>.Shared.Return(chars);
        var rented = ArrayPool<uint>.Shared.Rent(count);
        var span = rented.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            span[i] = Fold(hashes[i]);
        }

        ArrayPool<ulong>.Shared.Return(hashes);
        span.Sort();
        var distinct = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (distinct == 0 || span[i] != span[distinct - 1])
            {
                span[distinct++] = span[i];
            }
        }

        var result = span[..distinct].ToArray();
        ArrayPool<uint>.Shared.Return(rented);
        return result;
    }

    /// <summary>Jaccard similarity of two sorted distinct arrays.</summary>
    /// <param name="a">The first set.</param>
    /// <param name="b">The second set.</param>
    /// <returns>|a ∩ b| / |a ∪ b|, or 1 when both are empty.</returns>
    public static double Jaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        if (a.Length <= 64 && b.Length <= 64)
        {
            return SmallJaccard(a, b);
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

    /// <summary>Jaccard of small sets without branches on the data: each element of the shorter set is compared with the whole
    /// other set, eight at a time (merging two sorted arrays mispredicts about every other step).</summary>
    private static double SmallJaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.Length > b.Length)
        {
            var swap = a;
            a = b;
            b = swap;
        }

        if (a.Length == 0)
        {
            return 0;
        }

        // b is padded to whole vectors with a value that is not in a, so the padding never counts as common.
        Span<uint> padded = stackalloc uint[72];
        b.CopyTo(padded);
        padded[b.Length..].Fill(Absent(a));
        var blocks = (b.Length + 7) / 8;
        var common = 0;
        foreach (var x in a)
        {
            var needle = Vector256.Create(x);
            var found = Vector256<uint>.Zero;
            for (var k = 0; k < blocks; k++)
            {
                found |= Vector256.Equals(needle, Vector256.Create<uint>(padded.Slice(k * 8, 8)));
            }

            common += found == Vector256<uint>.Zero ? 0 : 1;
        }

        return (double)common / (a.Length + b.Length - common);
    }

    private static uint Absent(ReadOnlySpan<uint> sorted)
    {
        // The smallest value above the largest element, or (if that is uint.MaxValue) one below the smallest, or a gap.
        if (sorted[^1] != uint.MaxValue)
        {
            return sorted[^1] + 1;
        }

        if (sorted[0] != 0)
        {
            return sorted[0] - 1;
        }

        for (var k = 1; k < sorted.Length; k++)
        {
            if (sorted[k] != sorted[k - 1] + 1)
            {
                return sorted[k - 1] + 1;
            }
        }

        // Unreachable: a set of at most 64 elements that holds both 0 and uint.MaxValue has a gap.
        return uint.MaxValue;
    }

    /// <summary>Folds a 64-bit hash to 32 bits.</summary>
    /// <param name="hash">The hash.</param>
    /// <returns>The upper and lower halves, xored.</returns>
    public static uint Fold(ulong hash) => (uint)(hash ^ (hash >> 32));

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

    private static int WordShingles(ReadOnlySpan<char> text, int wordSize, Span<ulong> destination)
    {
        // Word hashes first (one per word), then each run of n consecutive words is combined; fewer words than n make one shingle.
        var words = 0;
        foreach (var range in text.Split(' '))
        {
            destination[words++] = Hash(text[range], WordTag);
        }

        if (wordSize == 1)
        {
            for (var i = 0; i < words; i++)
            {
                destination[i] = Mix(WordTag ^ destination[i]);
            }

            return words;
        }

        var n = Math.Min(wordSize, words);
        var count = 0;
        for (var i = 0; i + n <= words; i++)
        {
            var h = WordTag;
            for (var k = 0; k < n; k++)
            {
                h = Mix(h ^ (k == 0 ? destination[i + k] : Mix(destination[i + k] ^ (ulong)k)));
            }

            destination[count++] = h;
        }

        return count;
    }

    private static int Copy(ReadOnlySpan<char> source, Span<char> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private static int WithoutStopWords(ReadOnlySpan<char> normalized, FrozenSet<string> stopWords, Span<char> destination)
    {
        var lookup = stopWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var length = 0;
        foreach (var range in normalized.Split(' '))
        {
            var word = normalized[range];
            if (!lookup.Contains(word))
            {
                if (length > 0)
                {
                    destination[length++] = ' ';
                }

                word.CopyTo(destination[length..]);
                length += word.Length;
            }
        }

        // A text of stop words only keeps them all, so that it is not mistaken for an empty text.
        return length > 0 ? length : Copy(normalized, destination);
    }
}
