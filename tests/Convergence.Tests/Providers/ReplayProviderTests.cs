using Convergence.Providers;
using static Convergence.Tests.Providers.ProviderTestHarness;

namespace Convergence.Tests.Providers;

/// <summary>The <c>replay</c> provider type: recorded replies from a file, offline.</summary>
public sealed class ReplayProviderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "convergence-replay-provider-" + Guid.NewGuid().ToString("N"));

    public ReplayProviderTests()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "panel.json"), $$"""
            {"recordings": [
              {"participant": "gpt", "provider": "openai", "model": "gpt-4o-mini",
               "replies": [{"text": {{System.Text.Json.JsonSerializer.Serialize(Findings("Shared", "Only GPT"))}}, "inputTokens": 812, "outputTokens": 240}]},
              {"participant": "claude", "provider": "anthropic", "model": "claude-sonnet-4-5",
               "replies": [{"text": {{System.Text.Json.JsonSerializer.Serialize(Findings("Shared"))}}, "inputTokens": 700, "outputTokens": 100}]}]}
            """);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string Config = """
        {"Convergence": {
          "Providers": {"replay": {"Type": "replay", "Path": "panel.json"}},
          "Explorers": [{"Name": "gpt", "Provider": "replay"}, {"Name": "claude", "Provider": "replay"}]}}
        """;

    [Fact]
    public async Task RunAsync_ReplayProvider_ServesRecordingsWithTheirProvidersModelsAndUsage()
    {
        var result = await BuildPipeline(Config, basePath: _directory).RunAsync(new ConvergenceRequest("Review."));

        result.Status.Should().Be(RunStatus.Completed);
        result.Participants.Select(p => (p.Name, p.Provider, p.Model)).Should().Equal(
            ("gpt", "openai", "gpt-4o-mini"),
            ("claude", "anthropic", "claude-sonnet-4-5"));
        result.Candidates[0].Title.Should().Be("Shared");
        result.Candidates[0].DistinctProviders.Should().Be(2, "each recording keeps the provider it was recorded from");
        result.Usage.InputTokens.Should().Be(1512);
        result.Usage.OutputTokens.Should().Be(340);
    }

    [Fact]
    public async Task RunAsync_BuiltTwice_EachPipelineReplaysFromTheFirstReply()
    {
        var builder = new ConvergencePipelineBuilder();
        builder.AddParticipantsFromConfiguration(Configuration(Config), o => o.BasePath = _directory);

        var first = await builder.Build().RunAsync(new ConvergenceRequest("Review."));
        var second = await builder.Build().RunAsync(new ConvergenceRequest("Review."));

        first.Status.Should().Be(RunStatus.Completed);
        second.Status.Should().Be(RunStatus.Completed);
    }
}
