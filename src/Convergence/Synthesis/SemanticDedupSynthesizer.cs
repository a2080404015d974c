using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>
/// Merges candidates that say the same thing in different words, by the cosine similarity of their embeddings from any
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (optionally blended with lexical similarity: a hybrid score).
/// </summary>
/// <remarks>
/// <para>
/// All candidate texts are embedded in one batched call (identical texts once). Up to
/// <see cref="SemanticDedupSynthesizerOptions.ExactClusteringLimit"/> candidates every pair is compared with
/// <c>TensorPrimitives</c>; above it, random-hyperplane LSH with fixed seeds proposes pairs and exact cosine confirms them, so
/// memory stays linear. Pairs at or above the threshold join clusters (single linkage).
/// </para>
/// <para>
/// A merged candidate keeps every member finding with its source, the identifier and position of its first member, and the
/// title and detail of its most central member (closest to the cluster's mean direction; ties go to the earliest).
/// Safe for concurrent use when the embedding generator is. For an offline generator, see the
/// <c>Convergence.Embeddings.Local</c> package.
/// </para>
/// </remarks>
public sealed class SemanticDedupSynthesizer : ISynthesizer
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly SemanticDedupSynthesizerOptions _options;
    private readonly LexicalDedupSynthesizer _lexical;

    /// <summary>Initializes a new instance of the <see cref="SemanticDedupSynthesizer"/> class.</summary>
    /// <param name="generator">The embedding generator. It is not disposed by the synthesizer.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults. They are copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SemanticDedupSynthesizer(IEmbeddingGenerator<string, Embedding<float>> generator, SemanticDedupSynthesizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        _options = (options ?? new()).Snapshot();

        // The hybrid blend was tuned on character bigrams + words with every word kept (docs/synthesis.md), so it keeps them.
        _lexical = new LexicalDedupSynthesizer(new() { IncludeDetail = _options.IncludeDetail, CharacterShingleSize = 2, WordShingleSize = 1, StopWords = [] });
    }

    /// <summary>Gets the similarity threshold at or above which two candidates are merged.</summary>
    public double Threshold => _options.Threshold;

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The embedding generator returned a different number of embeddings than texts.</exception>
    public async Task<SynthesisResult> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var candidates = request.Candidates;
        if (candidates.Count < 2)
        {
            return new SynthesisResult(candidates);
        }

        var texts = new string[candidates.Count];
        var distinct = new Dictionary<string, int>(StringComparer.Ordinal);
        var unique = new List<string>();
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = ClusterMerger.TextOf(candidates[i], _options.IncludeDetail);
            if (distinct.TryAdd(texts[i], unique.Count))
            {
                unique.Add(texts[i]);
            }
        }

        var embeddings = await _generator.GenerateAsync(unique, cancellationToken: cancellationToken);
        if (embeddings.Count != unique.Count)
        {
            throw new InvalidOperationException($"The embedding generator returned {embeddings.Count} embeddings for {unique.Count} texts.");
        }

        var vectors = new ReadOnlyMemory<float>[texts.Length];
        var dimensions = embeddings[0].Vector.Length;
        for (var i = 0; i < texts.Length; i++)
        {
            vectors[i] = embeddings[distinct[texts[i]]].Vector;
            if (vectors[i].Length != dimensions)
            {
                throw new InvalidOperationException("The embedding generator returned vectors of different lengths.");
            }
        }

        var normalized = SemanticClusterer.Normalize(vectors);
        Func<int, int, double, double>? score = null;
        if (_options.LexicalWeight > 0)
        {
            var sets = new uint[texts.Length][];
            for (var i = 0; i < texts.Length; i++)
            {
                sets[i] = _lexical.Shingles(texts[i]);
            }

            var w = _options.LexicalWeight;
            score = (i, j, cosine) => ((1 - w) * cosine) + (w * ShingleSet.Jaccard(sets[i], sets[j]));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var clusters = SemanticClusterer.Cluster(normalized, _options.Threshold, score, _options.ExactClusteringLimit).Clusters();
        var merged = ClusterMerger.Merge(candidates, clusters, members => SemanticClusterer.MostCentral(normalized, members));
        return new SynthesisResult(merged);
    }
}
