using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using Convergence.Testing;
using Microsoft.Extensions.AI;

namespace Convergence.Tests.Pipeline;

public class ConvergencePipelineBuilderTests
{
    [Fact]
    public void Build_NoExplorer_ThrowsWithClearMessage()
    {
        var act = () => new ConvergencePipelineBuilder().Build();

        act.Should().Throw<InvalidOperationException>().WithMessage("*no explorer*AddExplorer*");
    }

    [Fact]
    public void Build_DuplicateParticipantNames_Throws()
    {
        var builder = new ConvergencePipelineBuilder()
            .AddExplorer(new ScriptedChatClient("openai"), o => o.Name = "same")
            .AddExplorer(new ScriptedChatClient("anthropic"), o => o.Name = "same");

        builder.Invoking(b => b.Build()).Should().Throw<InvalidOperationException>().WithMessage("*'same'*unique*");
    }

    [Fact]
    public async Task Build_DefaultNames_ComeFromMetadataAndAreMadeUnique()
    {
        var result = await new ConvergencePipelineBuilder()
            .AddExplorer(new ScriptedChatClient("openai", "gpt-4o").Reply(TestReplies.Findings("A")), o => o.Instructions = "persona 1")
            .AddExplorer(new ScriptedChatClient("openai", "gpt-4o").Reply(TestReplies.Findings("A")), o => o.Instructions = "persona 2")
            .Build().RunAsync(new("t"));

        result.Participants.Select(p => p.Name).Should().Equal("openai/gpt-4o", "openai/gpt-4o#2");
    }

    [Fact]
    public async Task Build_ClientWithoutMetadata_IsCountedAsUnknownProviderWithWarning()
    {
        var client = Substitute.For<IChatClient>();
        client.GetResponseAsync(default!, default, default).ReturnsForAnyArgs(new ChatResponse(new ChatMessage(ChatRole.Assistant, TestReplies.Findings("A"))));

        var result = await new ConvergencePipelineBuilder().AddExplorer(client, o => o.Name = "mystery").Build().RunAsync(new("t"));

        result.Participants.Single().Provider.Should().Be("unknown");
        result.Warnings.Should().Contain(w => w.Contains("'mystery'", StringComparison.Ordinal) && w.Contains("Provider", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Use_FirstAddedMiddlewareIsOutermost_ForEveryStage()
    {
        var log = new List<string>();
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(new ScriptedChatClient("openai").Reply(TestReplies.Findings("A")))
            .Use(async (context, next, ct) => { log.Add($"1>{context.CurrentStage}"); await next(context, ct); log.Add($"1<{context.CurrentStage}"); })
            .Use(next => async (context, ct) => { log.Add($"2>{context.CurrentStage}"); await next(context, ct); log.Add($"2<{context.CurrentStage}"); })
            .Use(inner => new RecordingStage(inner, log, "3"))
            .Build();

        await pipeline.RunAsync(new("t"));

        log.Should().Equal(
            "1>explore", "2>explore", "3>explore", "3<explore", "2<explore", "1<explore",
            "1>synthesize", "2>synthesize", "3>synthesize", "3<synthesize", "2<synthesize", "1<synthesize");
    }

    [Fact]
    public async Task Use_MiddlewareThatSkipsNext_ShortCircuitsTheStage()
    {
        var client = new ScriptedChatClient("openai").Reply(TestReplies.Findings("A"));
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(client)
            .Use((context, next, ct) => context.CurrentStage == ConvergenceStageNames.Explore ? Task.CompletedTask : next(context, ct))
            .Build();

        var result = await pipeline.RunAsync(new("t"));

        client.CallCount.Should().Be(0);
        result.Candidates.Should().BeEmpty();
    }

    [Fact]
    public void Build_MiddlewareReturningNull_ThrowsNamingItsIndex()
    {
        var builder = new ConvergencePipelineBuilder()
            .AddExplorer(new ScriptedChatClient("openai"))
            .Use((IConvergenceStage inner) => inner)
            .Use((IConvergenceStage _) => null!);

        builder.Invoking(b => b.Build()).Should().Throw<InvalidOperationException>().WithMessage("*index 1*");
    }

    [Fact]
    public void Build_InvalidOption_ThrowsNamingIt()
    {
        var builder = new ConvergencePipelineBuilder()
            .AddExplorer(new ScriptedChatClient("openai"))
            .Configure(o => o.Explore.MaxDegreeOfParallelism = 0);

        builder.Invoking(b => b.Build()).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Explore.MaxDegreeOfParallelism");
    }

    [Fact]
    public async Task UseSynthesizer_CustomSynthesizer_ReceivesOneCandidatePerFindingAndThePanel()
    {
        SynthesisRequest? seen = null;
        var synthesizer = Substitute.For<ISynthesizer>();
        synthesizer.SynthesizeAsync(Arg.Do<SynthesisRequest>(r => seen = r), Arg.Any<CancellationToken>())
            .Returns(call => new SynthesisResult(call.Arg<SynthesisRequest>().Candidates.Reverse().ToList(), ["custom warning"]));

        var result = await new ConvergencePipelineBuilder()
            .AddExplorer(new ScriptedChatClient("openai").Reply(TestReplies.Findings("A", "B")))
            .AddExplorer(new ScriptedChatClient("anthropic").Reply("garbage"))
            .UseSynthesizer(synthesizer)
            .Build().RunAsync(new("the task"));

        seen!.Candidates.Select(c => c.Title).Should().Equal("A", "B");
        seen.Panel.Select(p => p.Provider).Should().Equal("openai");
        seen.Task.Should().Be("the task");
        result.Candidates.Select(c => (c.Title, c.Rank)).Should().Equal(("B", 1), ("A", 2));
        result.Warnings.Should().Contain("custom warning");
    }

    [Fact]
    public async Task Build_EmbeddingGeneratorRegistered_DefaultSynthesizerMergesParaphrasesSemantically()
    {
        // Two paraphrases point the same way; the unrelated finding points elsewhere.
        var generator = Substitute.For<IEmbeddingGenerator<string, Embedding<float>>>();
        generator.GenerateAsync(default!, default, default).ReturnsForAnyArgs(call => new GeneratedEmbeddings<Embedding<float>>(
            call.Arg<IEnumerable<string>>().Select(text => new Embedding<float>(text.Contains("timeout", StringComparison.OrdinalIgnoreCase) ? new float[] { 0, 1 } : new float[] { 1, 0 }))));
        var services = new ServiceCollection().AddSingleton(generator).BuildServiceProvider();

        var result = await new ConvergencePipelineBuilder()
            .AddExplorer(new ScriptedChatClient("openai").Reply(TestReplies.Findings("Query built by string concatenation", "Missing timeout")))
            .AddExplorer(new ScriptedChatClient("anthropic").Reply(TestReplies.Findings("SQL injection through the name parameter")))
            .Build(services).RunAsync(new("t"));

        result.Candidates.Should().HaveCount(2);
        result.Candidates[0].DistinctProviders.Should().Be(2, "the paraphrases were merged by the registered embedding generator");
        await generator.ReceivedWithAnyArgs(1).GenerateAsync(default!, default, default);
    }

    [Fact]
    public async Task Build_NoEmbeddingGenerator_DefaultSynthesizerKeepsDifferentTitlesApart()
    {
        var result = await new ConvergencePipelineBuilder()
            .AddExplorer(new ScriptedChatClient("openai").Reply(TestReplies.Findings("Query built by string concatenation")))
            .AddExplorer(new ScriptedChatClient("anthropic").Reply(TestReplies.Findings("SQL injection through the name parameter", "sql INJECTION through the name parameter.")))
            .Build().RunAsync(new("t"));

        result.Candidates.Select(c => c.Findings.Count).Should().BeEquivalentTo([1, 2], "only the exact duplicate is merged");
    }

    [Fact]
    public void AddMethods_NullArguments_ThrowNamingTheParameter()
    {
        var builder = new ConvergencePipelineBuilder();

        builder.Invoking(b => b.AddExplorer((IChatClient)null!)).Should().Throw<ArgumentNullException>().WithParameterName("client");
        builder.Invoking(b => b.AddKeyedExplorer(null!)).Should().Throw<ArgumentNullException>().WithParameterName("serviceKey");
        builder.Invoking(b => b.UseSynthesizer((ISynthesizer)null!)).Should().Throw<ArgumentNullException>().WithParameterName("synthesizer");
        builder.Invoking(b => b.Use((Func<IConvergenceStage, IConvergenceStage>)null!)).Should().Throw<ArgumentNullException>().WithParameterName("stageFactory");
        builder.Invoking(b => b.Configure(null!)).Should().Throw<ArgumentNullException>().WithParameterName("configure");
    }

    private sealed class RecordingStage(IConvergenceStage inner, List<string> log, string label) : DelegatingConvergenceStage(inner)
    {
        public override async Task RunAsync(ConvergenceContext context, CancellationToken cancellationToken)
        {
            log.Add($"{label}>{Name}");
            await base.RunAsync(context, cancellationToken);
            log.Add($"{label}<{Name}");
        }
    }
}
