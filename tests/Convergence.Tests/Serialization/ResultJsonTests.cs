using System.Text.Json;
using Convergence.Testing;
using Microsoft.Extensions.AI;

namespace Convergence.Tests.Serialization;

public class ResultJsonTests
{
    private static async Task<ConvergenceResult> RunAsync() => await new ConvergencePipelineBuilder()
        .AddExplorer(new ScriptedChatClient("openai", "gpt-4o-mini").Reply(TestReplies.FindingsWithConfidence(("SQL injection", 0.9), ("Timeout", 0.5)), new UsageDetails { InputTokenCount = 10, OutputTokenCount = 20 }), o => o.Name = "gpt")
        .AddExplorer(new ScriptedChatClient("anthropic", "claude").Reply(TestReplies.Findings("sql injection")), o => o.Name = "claude")
        .AddExplorer(new ScriptedChatClient("google", "gemini").Throw(new InvalidOperationException("down")), o => o.Name = "gemini")
        .Build().RunAsync(new("Review it") { RunId = "run-42" });

    [Fact]
    public async Task Serialize_FollowsTheResultContract()
    {
        using var json = JsonDocument.Parse(ConvergenceJsonUtilities.Serialize(await RunAsync()));
        var root = json.RootElement;

        root.GetProperty("runId").GetString().Should().Be("run-42");
        root.GetProperty("status").GetString().Should().Be("partial");
        var top = root.GetProperty("candidates")[0];
        top.GetProperty("rank").GetInt32().Should().Be(1);
        top.GetProperty("title").GetString().Should().Be("SQL injection");
        top.GetProperty("detail").GetString().Should().NotBeEmpty();
        top.GetProperty("score").GetDouble().Should().Be(1.0);
        top.GetProperty("distinctProviders").GetInt32().Should().Be(2);
        top.GetProperty("status").GetString().Should().Be("not-built");
        var supporter = top.GetProperty("supporters")[0];
        supporter.GetProperty("participant").GetString().Should().Be("gpt");
        supporter.GetProperty("provider").GetString().Should().Be("openai");
        supporter.GetProperty("model").GetString().Should().Be("gpt-4o-mini");
        var participant = root.GetProperty("participants")[0];
        participant.GetProperty("name").GetString().Should().Be("gpt");
        participant.GetProperty("role").GetString().Should().Be("explorer");
        participant.GetProperty("status").GetString().Should().Be("succeeded");
        participant.GetProperty("error").ValueKind.Should().Be(JsonValueKind.Null);
        participant.GetProperty("usage").GetProperty("inputTokens").GetInt64().Should().Be(10);
        participant.GetProperty("usage").GetProperty("outputTokens").GetInt64().Should().Be(20);
        root.GetProperty("participants")[2].GetProperty("status").GetString().Should().Be("failed");
        root.GetProperty("participants")[2].GetProperty("error").GetString().Should().Contain("down");
        root.GetProperty("usage").GetProperty("inputTokens").GetInt64().Should().Be(10);
        root.GetProperty("warnings").EnumerateArray().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Deserialize_RoundTripsEveryField()
    {
        var original = await RunAsync();

        var json = ConvergenceJsonUtilities.Serialize(original);
        var copy = ConvergenceJsonUtilities.Deserialize(json);

        ConvergenceJsonUtilities.Serialize(copy).Should().Be(json);
        copy.Candidates.Should().BeEquivalentTo(original.Candidates);
        copy.Participants.Should().BeEquivalentTo(original.Participants);
        copy.Candidates[0].Supporters.Should().Equal(original.Candidates[0].Supporters);
        copy.Candidates[0].DistinctProviders.Should().Be(2);
    }

    [Fact]
    public void DefaultOptions_AreReadOnlyAndSourceGenerated()
    {
        ConvergenceJsonUtilities.DefaultOptions.IsReadOnly.Should().BeTrue();
        ConvergenceJsonUtilities.DefaultOptions.GetTypeInfo<ConvergenceResult>().Should().NotBeNull();
    }

    [Fact]
    public void Deserialize_NotJson_Throws()
    {
        FluentActions.Invoking(() => ConvergenceJsonUtilities.Deserialize("{oops")).Should().Throw<JsonException>();
        FluentActions.Invoking(() => ConvergenceJsonUtilities.Deserialize(" ")).Should().Throw<ArgumentException>().WithParameterName("json");
    }
}
