using System.Numerics.Tensors;
using Convergence.Embeddings.Local;
using Microsoft.Extensions.AI;

namespace Convergence.Tests.Synthesis;

public sealed class MiniLmEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_LoadsLazilyOnce_ParaphrasesAreCloserThanUnrelatedText_ConcurrentCallsAgree()
    {
        using var generator = new MiniLmEmbeddingGenerator();
        generator.IsLoaded.Should().BeFalse("the model loads on first use");
        generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId.Should().Be("all-MiniLM-L6-v2");

        string[] texts = ["The connection pool is exhausted under load.", "Under heavy load the database runs out of connections.", "The logo colour is slightly off."];
        var calls = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => generator.GenerateAsync(texts))));

        generator.IsLoaded.Should().BeTrue();
        var e = calls[0];
        e.Should().HaveCount(3);
        e[0].Vector.Length.Should().Be(MiniLmEmbeddingGenerator.Dimensions);
        var paraphrase = TensorPrimitives.CosineSimilarity(e[0].Vector.Span, e[1].Vector.Span);
        var unrelated = TensorPrimitives.CosineSimilarity(e[0].Vector.Span, e[2].Vector.Span);
        paraphrase.Should().BeGreaterThan(unrelated + 0.3f);
        calls[2][1].Vector.ToArray().Should().Equal(e[1].Vector.ToArray(), "concurrent calls share one session and give the same vectors");
    }

    [Fact]
    public async Task GenerateAsync_AfterDispose_Throws_AndEmptyInputNeedsNoModel()
    {
        var generator = new MiniLmEmbeddingGenerator();
        (await generator.GenerateAsync([])).Should().BeEmpty();
        generator.IsLoaded.Should().BeFalse();
        generator.Dispose();

        var act = () => generator.GenerateAsync(["x"]);

        await act.Should().ThrowAsync<ObjectDisposedException>();
    }
}
