using System.Net;
using Convergence.Tests.Providers.Fakes;
using static Convergence.Tests.Providers.ProviderTestHarness;

namespace Convergence.Tests.Providers;

/// <summary>One pipeline whose explorers go through every SDK at once: OpenAI, Azure OpenAI, Anthropic, Ollama, and replay.</summary>
public sealed class MixedPanelTests : IDisposable
{
    private const string Shared = "SQL injection in login";
    private readonly FakeOpenAIServer _openai = new();
    private readonly FakeOpenAIServer _azure = new();
    private readonly FakeAnthropicServer _anthropic = new();
    private readonly FakeOllamaServer _ollama = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "convergence-providers-" + Guid.NewGuid().ToString("N"));

    public MixedPanelTests()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "replay.json"), $$"""
            {"recordings": [{"participant": "recorded", "provider": "mistral", "model": "mistral-large",
              "replies": [{"text": {{System.Text.Json.JsonSerializer.Serialize(Findings(Shared, "Replay-only finding"))}}, "inputTokens": 5, "outputTokens": 6}]}]}
            """);
    }

    public void Dispose()
    {
        _openai.Dispose();
        _azure.Dispose();
        _anthropic.Dispose();
        _ollama.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string Config => $$$"""
        {"Convergence": {
          "Providers": {
            "openai":    {"Type": "openai", "Endpoint": "{{{_openai.BaseUri}}}v1", "ApiKeyEnv": "TEST_OPENAI_KEY"},
            "azure":     {"Type": "azure-openai", "Endpoint": "{{{_azure.BaseUri}}}", "ApiKeyEnv": "TEST_AZURE_KEY"},
            "anthropic": {"Type": "anthropic", "Endpoint": "{{{_anthropic.BaseUri}}}", "ApiKeyEnv": "TEST_ANTHROPIC_KEY"},
            "local":     {"Type": "ollama", "Endpoint": "{{{_ollama.BaseUri}}}"},
            "recorded":  {"Type": "replay", "Path": "replay.json"}},
          "Explorers": [
            {"Name": "gpt", "Provider": "openai", "Model": "gpt-4o-mini"},
            {"Name": "azure-gpt", "Provider": "azure", "Model": "gpt4o-prod"},
            {"Name": "claude", "Provider": "anthropic", "Model": "claude-sonnet-4-5"},
            {"Name": "llama", "Provider": "local", "Model": "llama3.2"},
            {"Name": "recorded", "Provider": "recorded"}]}}
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_PanelOfEverySdk_MergesSharedFindingAcrossFiveProvidersAndSumsUsage(bool streaming)
    {
        _openai.Enqueue(new FakeReply(Findings(Shared, "OpenAI-only finding"), 100, 10));
        _azure.Enqueue(new FakeReply(Findings(Shared), 200, 20));
        _anthropic.Enqueue(new FakeReply(Findings(Shared, "Anthropic-only finding"), 300, 30));
        _ollama.Enqueue(new FakeReply(Findings(Shared), 400, 40));

        var result = await BuildPipeline(Config, streaming, basePath: _directory).RunAsync(new ConvergenceRequest("Review the login code."));

        result.Status.Should().Be(RunStatus.Completed);
        result.Participants.Select(p => (p.Name, p.Provider, p.Status)).Should().Equal(
            ("gpt", "openai", ParticipantStatus.Succeeded),
            ("azure-gpt", "azure", ParticipantStatus.Succeeded),
            ("claude", "anthropic", ParticipantStatus.Succeeded),
            ("llama", "local", ParticipantStatus.Succeeded),
            ("recorded", "mistral", ParticipantStatus.Succeeded));
        var top = result.Candidates[0];
        top.Title.Should().Be(Shared);
        top.DistinctProviders.Should().Be(5);
        top.Supporters.Select(s => s.Name).Should().BeEquivalentTo("gpt", "azure-gpt", "claude", "llama", "recorded");
        result.Candidates.Where(c => c.IsDissent).Select(c => c.Title).Should()
            .BeEquivalentTo("OpenAI-only finding", "Anthropic-only finding", "Replay-only finding");
        result.Usage.InputTokens.Should().Be(100 + 200 + 300 + 400 + 5);
        result.Usage.OutputTokens.Should().Be(10 + 20 + 30 + 40 + 6);
    }

    [Fact]
    public async Task RunAsync_OneProviderRateLimitedAndAnotherFailing_LeavesTheOthersResultsIntact()
    {
        _openai.Enqueue(new FakeReply(Findings(Shared, "OpenAI-only finding"), 100, 10));
        _azure.Enqueue(new FakeReply(Findings(Shared), 200, 20));
        _anthropic.DefaultReply = FakeReply.Error(HttpStatusCode.TooManyRequests);
        _ollama.DefaultReply = FakeReply.Error(HttpStatusCode.InternalServerError);

        var result = await BuildPipeline(Config, basePath: _directory).RunAsync(new ConvergenceRequest("Review the login code."));

        result.Status.Should().Be(RunStatus.Partial);
        result.Participants.Where(p => p.Status == ParticipantStatus.Failed).Select(p => p.Name).Should().BeEquivalentTo("claude", "llama");
        result.Participants.Single(p => p.Name == "claude").Usage.Should().Be(TokenUsage.Empty);
        result.Participants.Single(p => p.Name == "gpt").FindingCount.Should().Be(2);
        result.Candidates[0].Title.Should().Be(Shared);
        result.Candidates[0].DistinctProviders.Should().Be(3);
        result.Candidates.Select(c => c.Title).Should().Contain(["OpenAI-only finding", "Replay-only finding"]);
        result.Usage.InputTokens.Should().Be(100 + 200 + 5);
        result.Usage.OutputTokens.Should().Be(10 + 20 + 6);
        result.Warnings.Should().Contain(w => w.Contains("claude", StringComparison.Ordinal))
            .And.Contain(w => w.Contains("llama", StringComparison.Ordinal));
        result.Participants.Single(p => p.Name == "claude").ErrorKind.Should().Be(ParticipantErrorKind.RateLimited);
        result.Participants.Single(p => p.Name == "llama").ErrorKind.Should().Be(ParticipantErrorKind.ServerError);
        _anthropic.Requests.Should().HaveCount(1 + PipelineRetries);
        _ollama.Requests.Should().HaveCount(1 + PipelineRetries);
        _openai.Requests.Should().ContainSingle();
    }
}
