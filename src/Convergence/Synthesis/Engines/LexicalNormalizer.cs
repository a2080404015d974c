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

        // NFKC folds compatibility forms (full-width letters, ligatures, superscripts); NFD afterwards lets us drop accents.
        var decomposed = text.Normalize(NormalizationForm.FormKC).ToUpperInvariant().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
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
                    _ = builder.Append(rune.ToString());
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
}
