using System.Globalization;
using System.Text;

namespace Convergence;

/// <summary>Unicode-aware normalisation for comparing findings: compatibility forms (width), case, punctuation and white space.</summary>
internal static class TextNormalizer
{
    /// <summary>Returns <paramref name="text"/> in NFKC form, lower-cased, with punctuation and symbols as spaces and white space collapsed.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = text.Normalize(NormalizationForm.FormKC);

        var builder = new StringBuilder(folded.Length);
        Span<char> encoded = stackalloc char[2];
        var pendingSpace = false;
        foreach (var rune in folded.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetterOrDigit(rune) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                if (pendingSpace && builder.Length > 0)
                {
                    _ = builder.Append(' ');
                }

                pendingSpace = false;

                // Appending the encoded rune, not rune.ToString(), saves a string per character.
                var length = Rune.ToLowerInvariant(rune).EncodeToUtf16(encoded);
                _ = builder.Append(encoded[..length]);
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }
}
