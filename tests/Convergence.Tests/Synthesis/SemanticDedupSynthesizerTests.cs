using Microsoft.Extensions.AI;
using static Convergence.Tests.Synthesis.SynthesisTestData;

namespace Convergence.Tests.Synthesis;

public class SemanticDedupSynthesizerTests
{
    [Fact]
    public async Task SynthesizeAsync_MergesByCosine_InOneBatchedCall()
    {
        using var generator = new TableEmbeddingGenerator(new()
        {
            ["Connection pool exhausted"] = [1, 0.1f, 0],
            ["Database connections run out under load"] = [0.95f, 0.2f, 0],
            ["Too many open DB connections"] = [0.9f, 0.05f, 0.1f],
            ["Log file grows without bound"] = [0, 0, 1],
        });
        Candidate[] candidates =
        [
            Finding("gpt#1", Gpt, "Connection pool exhausted"),
            Finding("claude#1", Claude, "Database connections run out under load"),
            Finding("gemini#1", Gemini, "Log file grows without bound"),
            Finding("gemini#2", Gemini, "Too many open DB connections"),
            Finding("llama#1", Llama, "Connection pool exhausted"),
        ];

        var result = await new SemanticDedupSynthesizer(generator, new() { Threshold = 0.9 }).SynthesizeAsync(Request(candidates));

        generator.Calls.Should().Be(1);
        generator.Inputs.Should().HaveCount(4, "identical texts are embedded once");
        result.Candidates.Select(c => c.Findings.Select(f => f.Id)).Should().BeEquivalentTo(
            new[] { new[] { "gpt#1", "claude#1", "gemini#2", "llama#1" }, new[] { "gemini#1" } }, o => o.WithStrictOrdering());
        result.Candidates[0].Title.Should().Be("Connection pool exhausted", "the most central member represents the cluster");
        result.Candidates[0].Supporters.Should().Equal(Gpt, Claude, Gemini, Llama);
    }

    [Fact]
    public async Task SynthesizeAsync_Hybrid_LexicalOverlapTipsABorderlinePair()
    {
        using var generator = new TableEmbeddingGenerator(new()
        {
            ["cache stampede on expiry"] = [1, 0],
            ["cache stampede when keys expire"] = [0.8f, 0.6f],
        });
        Candidate[] candidates = [Finding("a", Gpt, "cache stampede on expiry"), Finding("b", Claude, "cache stampede when keys expire")];

        var semantic = await new SemanticDedupSynthesizer(generator, new() { Threshold = 0.82 }).SynthesizeAsync(Request(candidates));
        var hybrid = await new SemanticDedupSynthesizer(generator, new() { Threshold = 0.5, LexicalWeight = 0.5 }).SynthesizeAsync(Request(candidates));

        semantic.Candidates.Should().HaveCount(2, "cosine 0.8 is below 0.82");
        hybrid.Candidates.Should().ContainSingle("0.5 * 0.8 + 0.5 * jaccard is above 0.5 with this much shared text");
    }

    [Fact]
    public async Task SynthesizeAsync_GeneratorReturnsWrongCount_Throws()
    {
        using var generator = new TableEmbeddingGenerator([]) { DropLast = true };
        Candidate[] candidates = [Finding("a", Gpt, "x"), Finding("b", Claude, "y")];

        var act = () => new SemanticDedupSynthesizer(generator).SynthesizeAsync(Request(candidates));

        await act.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public void Constructor_ValidatesArguments()
    {
        using var generator = new TableEmbeddingGenerator([]);

        ((Action)(() => _ = new SemanticDedupSynthesizer(null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => _ = new SemanticDedupSynthesizer(generator, new() { LexicalWeight = 2 }))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new SemanticDedupSynthesizer(generator, new() { ExactClusteringLimit = 1 }))).Should().Throw<ArgumentOutOfRangeException>();
    }

    private sealed class TableEmbeddingGenerator(Dictionary<string, float[]> table) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public int Calls { get; private set; }

        public List<string> Inputs { get; } = [];

        public bool DropLast { get; init; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            var list = values.ToList();
            Inputs.AddRange(list);
            if (DropLast)
            {
                list.RemoveAt(list.Count - 1);
            }

            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(list.Select(v => new Embedding<float>(table.TryGetValue(v, out var e) ? e : [1, 1, 1]))));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
