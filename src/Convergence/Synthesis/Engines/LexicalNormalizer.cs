using System.Buffers;
using System.Globalization;
using System.Text;

namespace Convergence;

/// <summary>Unicode-aware normalisation for lexical comparison: NFKC (which folds full and half width), case folding,
/// diacritics removed, punctuation and symbols turned into spaces, white space collapsed.</summary>
internal static class LexicalNormalizer
{
    /// <summary>Normalises <paramref name="text"/> for shingling.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The normalised text: lower case, words separated by single spaces, no leading or trailing space.</returns>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        if (Ascii.IsValid(text))
        {
            return NormalizeAscii(text);
        }

        // NFKC folds compatibility forms (full-width letters, ligatures, superscripts); NFD afterwards lets us drop accents.
        var decomposed = text.Normalize(NormalizationForm.FormKC).ToUpperInvariant().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        Span<char> utf16 = stackalloc char[2];
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            switch (category)
            {
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.EnclosingMark:
                case UnicodeCategory.Format:
                    continue;
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.LetterNumber:
                case UnicodeCategory.OtherNumber:
                    if (pendingSpace && builder.Length > 0)
                    {
                        _ = builder.Append(' ');
                    }

                    pendingSpace = false;
                    _ = builder.Append(utf16[..rune.EncodeToUtf16(utf16)]);
                    break;
                default:
                    // Apostrophes inside words ("don't") join rather than split.
                    if (rune.Value is '\'' or '\u2019' && builder.Length > 0 && !pendingSpace)
                    {
                        continue;
                    }

                    pendingSpace = true;
                    break;
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Normalises ASCII <paramref name="source"/> into <paramref name="destination"/> (at least as long): the same
    /// result as <see cref="Normalize(string)"/>, since NFKC, NFD and NFC leave ASCII unchanged, in one pass without allocating.</summary>
    /// <param name="source">ASCII text.</param>
    /// <param name="destination">Where the normalised text goes.</param>
    /// <returns>The length of the normalised text.</returns>
    public static int NormalizeAscii(ReadOnlySpan<char> source, Span<char> destination)
    {
        var length = 0;
        var pendingSpace = false;
        foreach (var c in source)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingSpace && length > 0)
                {
                    destination[length++] = ' ';
                }

                pendingSpace = false;
                destination[length++] = char.ToLowerInvariant(c);
            }
            else if (!(c == '\'' && length > 0 && !pendingSpace))
            {
                // Apostrophes inside words ("don't") join rather than split; everything else separates words.
                pendingSpace = true;
            }
        }

        return length;
    }

    private static string NormalizeAscii(string text)
    {
        var rented = ArrayPool<char>.Shared.Rent(text.Length);
        var result = new string(rented, 0, NormalizeAscii(text, rented));
        ArrayPool<char>.Shared.Return(rented);
        return result;
    }
}
