namespace Convergence;

/// <summary>Options of the <see cref="SemanticDedupSynthesizer"/>.</summary>
public sealed class SemanticDedupSynthesizerOptions
{
    /// <summary>The default <see cref="Threshold"/>, tuned for all-MiniLM-L6-v2 on paraphrase data (see docs/synthesis.md).</summary>
    public const double DefaultThreshold = 0.78;

    /// <summary>Gets or sets the similarity at or above which two candidates are the same: the cosine of their embeddings, or with
    /// <see cref="LexicalWeight"/> above 0 the hybrid score. Between -1 (exclusive) and 1; the default is <see cref="DefaultThreshold"/>.
    /// The right value depends on the embedding model: tune it on labelled pairs (bench/Convergence.Quality does).</summary>
    public double Threshold { get; set; } = DefaultThreshold;

    /// <summary>Gets or sets the weight of lexical similarity in a hybrid score, between 0 and 1: the score is
    /// <c>(1 - w) * cosine + w * jaccard</c> of normalised character bigrams and words, every word kept (the representation the weight was tuned with; not the lexical synthesizer's defaults). The default is 0 (semantic only).</summary>
    public double LexicalWeight { get; set; }

    /// <summary>Gets or sets a value indicating whether the detail is embedded too, not only the title. The default is <see langword="true"/>.</summary>
    public bool IncludeDetail { get; set; } = true;

    /// <summary>Gets or sets the number of candidates up to which every pair is compared exactly. Above it, random-hyperplane LSH
    /// proposes pairs (confirmed by exact cosine), so memory stays linear. At least 2; the default is 2048.</summary>
    public int ExactClusteringLimit { get; set; } = 2048;

    internal SemanticDedupSynthesizerOptions Snapshot()
    {
        if (!(Threshold > -1 && Threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must be in (-1, 1].");
        }

        if (!(LexicalWeight >= 0 && LexicalWeight <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LexicalWeight), LexicalWeight, "The lexical weight must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ExactClusteringLimit, 2, nameof(ExactClusteringLimit));
        return new() { Threshold = Threshold, LexicalWeight = LexicalWeight, IncludeDetail = IncludeDetail, ExactClusteringLimit = ExactClusteringLimit };
    }
}
