using Convergence.Embeddings.Local;
using Microsoft.Extensions.AI;

namespace Convergence.Cli;

/// <summary>The local all-MiniLM-L6-v2 embedding model, loaded once per process, or why it is not available here.</summary>
internal static class LocalEmbeddings
{
    private static readonly Lazy<(IEmbeddingGenerator<string, Embedding<float>>? Generator, string? Problem)> Model = new(Load);

    /// <summary>Gets the generator, or <see langword="null"/> with the reason when the model cannot run on this machine.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>>? TryGet(out string? problem)
    {
        (var generator, problem) = Model.Value;
        return generator;
    }

    private static (IEmbeddingGenerator<string, Embedding<float>>?, string?) Load()
    {
        var generator = new MiniLmEmbeddingGenerator();
        try
        {
            // Load now, so a platform without ONNX Runtime support falls back before the run rather than failing in it.
            _ = generator.GenerateAsync(["probe"]).GetAwaiter().GetResult();
            return (generator, null);
        }
#pragma warning disable CA1031 // Any failure to load the native runtime or the model means "not available": the caller falls back.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            generator.Dispose();
            return (null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
