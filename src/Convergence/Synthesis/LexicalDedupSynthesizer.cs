using System.Buffers;
using System.Text;

namespace Convergence;

/// <summary>
/// Merges near-duplicate candidates by the Jaccard similarity of their normalised words (stop words left out by default; character
/// shingles optional), with MinHash signatures and LSH banding, so that only pairs sharing a band are compared rather than all
/// pairs: close to linear time on findings of one domain (docs/performance.md).
/// </summary>
/// <remarks>
/// <para>
/// Text is normalised first (NFKC, so full- and half-width forms match; case folding; accents, punctuation and symbols
/// removed; white space collapsed), then stop words are left out. LSH only proposes pairs; each proposal is confirmed by exact
/// Jaccard, and confirmed pairs join clusters (single linkage). The band layout is chosen from the threshold so that a pair at
/// the threshold is proposed with probability above 0.99. Hash seeds are fixed, so the same input always gives the same clusters.
/// </para>
/// <para>
/// A merged candidate keeps every member finding with its source, the identifier and position of its first member, and the
/// title and detail of its most central member (highest total similarity to the others; ties go to the earliest).
/// Safe for concurrent use.
/// </para>
/// </remarks>
public sealed class LexicalDedupSynthesizer : ISynthesizer
{
    private const int MaxCentralityReferences = 128;
    private readonly LexicalDedupSynthesizerOptions _options;

    /// <summary>Initializes a new instance of the <see cref="LexicalDedupSynthesizer"/> class.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults. They are copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public LexicalDedupSynthesizer(LexicalDedupSynthesizerOptions? options = null) => _options = (options ?? new()).Snapshot();

    /// <summary>Gets the Jaccard threshold at or above which two candidates are merged.</summary>
    public double Threshold => _options.Threshold;

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public Task<SynthesisResult> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var candidates = request.Candidates;
        var sets = new uint[candidates.Count][];
        PartitionedLoop.For(
            sets.Length,
            Math.Clamp(sets.Length / 1024, 1, 4 * Environment.ProcessorCount),
            (_, from, to) =>
            {
                for (var i = from; i < to; i++)
                {
                    sets[i] = Shingles(candidates[i]);
                }
            },
            cancellationToken);

        var clusters = MinHashLsh.Cluster(sets, _options.Threshold, _options.SignatureLength).Clusters();
        var merged = ClusterMerger.Merge(candidates, clusters, members => MostCentral(sets, members));
        return Task.FromResult(new SynthesisResult(merged));
    }

    /// <summary>The shingles of a candidate: those of <see cref="ClusterMerger.TextOf"/>, without building that text when the
    /// title and detail are ASCII (normalising each apart and joining them with a space gives the same normalised text).</summary>
    internal uint[] Shingles(Candidate candidate)
    {
        var title = candidate.Title;
        var detail = _options.IncludeDetail ? candidate.Detail : string.Empty;
        if (!Ascii.IsValid(title) || !Ascii.IsValid(detail))
        {
            return Shingles(ClusterMerger.TextOf(candidate, _options.IncludeDetail));
        }

        var chars = ArrayPool<char>.Shared.Rent(title.Length + detail.Length + 1);
        var titleLength = LexicalNormalizer.NormalizeAscii(title, chars);
        var separator = titleLength > 0 ? 1 : 0;
        var detailLength = LexicalNormalizer.NormalizeAscii(detail, chars.AsSpan(titleLength + separator));
        var length = titleLength;
        if (detailLength > 0)
        {
            if (separator > 0)
            {
                chars[titleLength] = ' ';
            }

            length += separator + detailLength;
        }

        var shingles = ShingleSet.Create(chars.AsSpan(0, length), _options.CharacterShingleSize, _options.WordShingleSize, _options.NormalizedStopWords);
        ArrayPool<char>.Shared.Return(chars);
        return shingles;
    }

    internal uint[] Shingles(string text)
        => ShingleSet.Create(LexicalNormalizer.Normalize(text), _options.CharacterShingleSize, _options.WordShingleSize, _options.NormalizedStopWords);

    private static int MostCentral(uint[][] sets, IReadOnlyList<int> members)
    {
        if (members.Count <= 2)
        {
            return 0;
        }

        var references = Math.Min(members.Count, MaxCentralityReferences);
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var k = 0; k < members.Count; k++)
        {
            var score = 0.0;
            for (var r = 0; r < references; r++)
            {
                if (r != k)
                {
                    score += ShingleSet.Jaccard(sets[members[k]], sets[members[r]]);
                }
            }

            if (score > bestScore + 1e-12)
            {
                best = k;
                bestScore = score;
            }
        }

        return best;
    }
}
