namespace Convergence;

/// <summary>Runs synthesizers one after another, each on the candidates the previous one returned (for example dedup, then consensus).</summary>
/// <remarks>Warnings of every step are kept. Safe for concurrent use when its synthesizers are.</remarks>
public sealed class CompositeSynthesizer : ISynthesizer
{
    private readonly ISynthesizer[] _synthesizers;

    /// <summary>Initializes a new instance of the <see cref="CompositeSynthesizer"/> class.</summary>
    /// <param name="synthesizers">The synthesizers, in the order they run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="synthesizers"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="synthesizers"/> is empty.</exception>
    public CompositeSynthesizer(params IEnumerable<ISynthesizer> synthesizers)
    {
        ArgumentNullException.ThrowIfNull(synthesizers);
        _synthesizers = [.. synthesizers];
        if (_synthesizers.Length == 0)
        {
            throw new ArgumentException("At least one synthesizer is required.", nameof(synthesizers));
        }

        if (Array.IndexOf(_synthesizers, null) is var nullIndex and >= 0)
        {
            throw new ArgumentNullException(nameof(synthesizers), $"The synthesizer at index {nullIndex} is null.");
        }
    }

    /// <summary>Gets the synthesizers, in the order they run.</summary>
    public IReadOnlyList<ISynthesizer> Synthesizers => _synthesizers;

    /// <inheritdoc/>
    public async Task<SynthesisResult> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<string>? warnings = null;
        var candidates = request.Candidates;
        foreach (var synthesizer in _synthesizers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await synthesizer.SynthesizeAsync(request.WithCandidates(candidates), cancellationToken)
                ?? throw new InvalidOperationException($"The synthesizer {synthesizer.GetType().Name} returned null.");
            candidates = result.Candidates;
            if (result.Warnings.Count > 0)
            {
                (warnings ??= []).AddRange(result.Warnings);
            }
        }

        return new SynthesisResult(candidates, warnings);
    }
}
