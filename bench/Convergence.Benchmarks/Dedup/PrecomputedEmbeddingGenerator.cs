using Microsoft.Extensions.AI;

namespace Convergence.Benchmarks.Dedup;

/// <summary>
/// An embedding generator that answers from vectors computed in advance, so semantic dedup is measured without a model:
/// each text maps to its vector (title, or "title. detail", the two texts a semantic synthesizer compares by).
/// </summary>
public sealed class PrecomputedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Dictionary<string, float[]> _vectors;

    public PrecomputedEmbeddingGenerator(Dictionary<string, float[]> vectors) => _vectors = vectors;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            result.Add(new Embedding<float>(_vectors.TryGetValue(value, out var vector)
                ? vector
                : throw new InvalidOperationException($"No precomputed vector for '{value[..Math.Min(60, value.Length)]}'.")));
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
