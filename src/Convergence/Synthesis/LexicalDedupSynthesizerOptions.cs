using System.Collections.Frozen;

namespace Convergence;

/// <summary>Options of the <see cref="LexicalDedupSynthesizer"/>.</summary>
public sealed class LexicalDedupSynthesizerOptions
{
    /// <summary>The default <see cref="Threshold"/>: the Jaccard threshold of the default shingles that the quality harness tunes on
    /// paraphrase data (MRPC train, maximum Youden's J; see docs/synthesis.md).</summary>
    public const double DefaultThreshold = 0.475;

    /// <summary>Gets the default <see cref="StopWords"/>: a small list of English function words (articles, auxiliaries, common
    /// prepositions, conjunctions and pronouns).</summary>
    public static IReadOnlyList<string> DefaultStopWords { get; } =
    [
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "of", "in", "on", "at", "to", "for", "and", "or", "but",
        "with", "by", "from", "as", "that", "this", "it", "its", "he", "she", "they", "his", "her", "their", "has", "have",
        "had", "will", "would",
    ];

    /// <summary>Gets or sets the Jaccard similarity of shingle sets at or above which two candidates are the same. Between 0 (exclusive) and 1; the default is <see cref="DefaultThreshold"/>.</summary>
    public double Threshold { get; set; } = DefaultThreshold;

    /// <summary>Gets or sets the length of character shingles (0 for none). Between 0 and 16; the default is 0 (words only: character
    /// shingles of unrelated texts of one domain overlap so much that near-duplicate search stops being near-linear; see docs/performance.md).</summary>
    public int CharacterShingleSize { get; set; }

    /// <summary>Gets or sets the length of word shingles (0 for none). Between 0 and 8; the default is 1 (words).</summary>
    public int WordShingleSize { get; set; } = 1;

    /// <summary>Gets or sets the words left out before shingling, compared after the same normalisation as the text (so case and
    /// accents do not matter). Each must normalise to a single word. Empty keeps every word; the default is <see cref="DefaultStopWords"/>.
    /// A text made of stop words only keeps them all, so that it is not mistaken for an empty text.</summary>
    public IReadOnlyCollection<string> StopWords { get; set; } = DefaultStopWords;

    /// <summary>Gets or sets the MinHash signature length: how many hash functions the LSH bands use together. Between 16 and 4096;
    /// the default is 1024. Longer signatures allow more rows per band, so unrelated candidates are proposed less often, at a cost
    /// linear in the length.</summary>
    public int SignatureLength { get; set; } = 1024;

    /// <summary>Gets or sets a value indicating whether the detail is compared too, not only the title. The default is <see langword="true"/>.</summary>
    public bool IncludeDetail { get; set; } = true;

    internal FrozenSet<string> NormalizedStopWords { get; private init; } = FrozenSet<string>.Empty;

    internal LexicalDedupSynthesizerOptions Snapshot()
    {
        if (!(Threshold > 0 && Threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must be in (0, 1].");
        }

        if (CharacterShingleSize is < 0 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(CharacterShingleSize), CharacterShingleSize, "The character shingle size must be between 0 and 16.");
        }

        if (WordShingleSize is < 0 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(WordShingleSize), WordShingleSize, "The word shingle size must be between 0 and 8.");
        }

        if (CharacterShingleSize == 0 && WordShingleSize == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CharacterShingleSize), CharacterShingleSize, "At least one of the character and word shingle sizes must be positive.");
        }

        if (SignatureLength is < 16 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(SignatureLength), SignatureLength, "The signature length must be between 16 and 4096.");
        }

        return new()
        {
            Threshold = Threshold,
            CharacterShingleSize = CharacterShingleSize,
            WordShingleSize = WordShingleSize,
            StopWords = StopWords,
            NormalizedStopWords = NormalizeStopWords(),
            SignatureLength = SignatureLength,
            IncludeDetail = IncludeDetail,
        };
    }

    private FrozenSet<string> NormalizeStopWords()
    {
        var stopWords = StopWords;
        if (stopWords is null)
        {
            throw new ArgumentNullException(nameof(StopWords), "The stop words must not be null; use an empty collection to keep every word.");
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in stopWords)
        {
            var normalized = word is null ? string.Empty : LexicalNormalizer.Normalize(word);
            if (normalized.Length == 0 || normalized.Contains(' ', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Each stop word must normalise to a single word; '{word}' does not.", nameof(StopWords));
            }

            _ = set.Add(normalized);
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
