using System.Security.Cryptography;
using System.Text;
using Convergence.Embeddings.Local;
using Microsoft.Extensions.AI;

namespace Convergence.Quality;

/// <summary>Embeds texts in batches, optionally caching vectors on disk (keyed by model and text hash) to speed up repeated runs.</summary>
internal sealed class EmbeddingCache(IEmbeddingGenerator<string, Embedding<float>> generator, string model, string? directory)
{
    /// <summary>Embeds <paramref name="texts"/> with the named model ("minilm" or "arctic"), through the cache when a directory is given.</summary>
    public static async Task<Dictionary<string, float[]>> EmbedAsync(string model, string? directory, IEnumerable<string> texts)
    {
        using IEmbeddingGenerator<string, Embedding<float>> generator =
            model == "arctic" ? new ArcticEmbeddingGenerator() : new MiniLmEmbeddingGenerator();
        return await new EmbeddingCache(generator, model, directory).EmbedAsync(texts);
    }

    public async Task<Dictionary<string, float[]>> EmbedAsync(IEnumerable<string> texts)
    {
        var distinct = texts.Distinct(StringComparer.Ordinal).ToList();
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var text in distinct)
        {
            var path = PathFor(text);
            if (path is not null && File.Exists(path))
            {
                var bytes = await File.ReadAllBytesAsync(path);
                result[text] = new float[bytes.Length / sizeof(float)];
                Buffer.BlockCopy(bytes, 0, result[text], 0, bytes.Length);
            }
            else
            {
                missing.Add(text);
            }
        }

        if (missing.Count > 0)
        {
            // One batched call, as the semantic synthesizer does.
            var embeddings = await generator.GenerateAsync(missing);
            for (var i = 0; i < missing.Count; i++)
            {
                var vector = embeddings[i].Vector.ToArray();
                result[missing[i]] = vector;
                var path = PathFor(missing[i]);
                if (path is not null)
                {
                    var bytes = new byte[vector.Length * sizeof(float)];
                    Buffer.BlockCopy(vector, 0, bytes, 0, bytes.Length);
                    await File.WriteAllBytesAsync(path, bytes);
                }
            }
        }

        return result;
    }

    private string? PathFor(string text)
    {
        if (directory is null)
        {
            return null;
        }

        var dir = Path.Combine(directory, model);
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, FileName(text, ".f32"));
    }

    /// <summary>The cache file name of a text: the first 128 bits of its UTF-8 SHA-256 in hex, then <paramref name="extension"/>.</summary>
    public static string FileName(string text, string extension) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32] + extension;
}
