namespace Convergence;

/// <summary>Options of the <see cref="LexicalDedupSynthesizer"/>.</summary>
public sealed class LexicalDedupSynthesizerOptions
{
    /// <summary>The default <see cref="Threshold"/>, tuned on paraphrase data (see docs/synthesis.md).</summary>
    public const double DefaultThreshold = 0.55;

    /// <summary>Gets or sets the Jaccard similarity of shingle sets at or above which two candidates are the same. Between 0 (exclusive) and 1; the default is <see cref="DefaultThreshold"/>.</summary>
    public double Threshold { get; set; } = DefaultThreshold;

    /// <summary>Gets or sets the length of character shingles (0 for none). Between 0 and 16; the default is 2 (bigrams measured best on paraphrase data; see docs/synthesis.md).</summary>
    public int CharacterShingleSize { get; set; } = 2;

    /// <summary>Gets or sets the length of word shingles (0 for none). Between 0 and 8; the default is 1 (words).</summary>
    public int WordShingleSize { get; set; } = 1;

    /// <summary>Gets or sets the MinHash signature length. Between 16 and 1024; the default is 256. Longer signatures propose pairs near the threshold more reliably, at a linear cost.</summary>
    public int SignatureLength { get; set; } = 256;

    /// <summary>Gets or sets a value indicating whether the detail is compared too, not only the title. The default is <see langword="true"/>.</summary>
    public bool IncludeDetail { get; set; } = true;

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

        if (SignatureLength is < 16 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(SignatureLength), SignatureLength, "The signature length must be between 16 and 1024.");
        }

        return new()
        {
            Threshold = Threshold,
            CharacterShingleSize = CharacterShingleSize,
            WordShingleSize = WordShingleSize,
            SignatureLength = SignatureLength,
            IncludeDetail = IncludeDetail,
        };
    }
}
