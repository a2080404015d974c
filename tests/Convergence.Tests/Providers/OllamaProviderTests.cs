using System.Net;
using Convergence.Tests.Providers.Fakes;
using static Convergence.Tests.Providers.ProviderTestHarness;

namespace Convergence.Tests.Providers;

/// <summary>Whole pipelines through OllamaSharp against a loopback <c>/api/chat</c> server (one JSON object per line when streaming).</summary>
public sealed class OllamaProviderTests : IDisposable
{
    private readonly FakeOllamaServer _server = new();

    public void Dispose() => _server.Dispose();

    private string Config(string model = "llama3.2", string apiKeyEnv = "") => $$$"""
        {"Convergence": {
          "Providers": {"local": {"Type": "ollama", "Endpoint": "{{{_server.BaseUri}}}"{{{(apiKeyEnv.Length > 0 ? $", \"ApiKeyEnv\": \"{apiKeyEnv}\"" : "")}}}}},
          "Explorers": [{"Name": "llama", "Provider": "local", "Model": "{{{model}}}"}]}}
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ThroughOllamaSharp_ParsesFindingsAndCountsUsageExactly(bool streaming)
    {
        _server.Enqueue(new FakeReply(Findings("SQL injection in login", "Verbose errors"), 333, 91));

        var result = await BuildPipeline(Config(), streaming).RunAsync(new ConvergenceRequest("Review the login code."));

        result.Status.Should().Be(RunStatus.Completed);
        result.Findings.Select(f => f.Title).Should().Equal("SQL injection in login", "Verbose errors");
        var llama = result.Participants.Should().ContainSingle().Subject;
        llama.Provider.Should().Be("local");
        llama.Model.Should().Be("llama3.2");
        llama.Usage.InputTokens.Should().Be(333);
        llama.Usage.OutputTokens.Should().Be(91);
        result.Usage.InputTokens.Should().Be(333);
        result.Usage.OutputTokens.Should().Be(91);
    }

    [Fact]
    public async Task RunAsync_ThroughOllamaSharp_SendsModelTaskAndBearerTokenWhenConfigured()
    {
        _server.Enqueue(new FakeReply(Findings("A"), 1, 1));

        await BuildPipeline(Config("qwen2.5:7b", "TEST_OLLAMA_KEY")).RunAsync(new ConvergenceRequest("Review the login code."));

        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/api/chat");
        request.Model.Should().Be("qwen2.5:7b");
        request.Header("Authorization").Should().Be($"Bearer {OllamaKey}");
        request.Body.Should().Contain("Review the login code.");
    }

    [Fact]
    public async Task RunAsync_OllamaWithoutApiKeyEnv_SendsNoAuthorizationHeader()
    {
        _server.Enqueue(new FakeReply(Findings("A"), 1, 1));

        await BuildPipeline(Config()).RunAsync(new ConvergenceRequest("Review."));

        _server.Requests.Should().ContainSingle().Which.Header("Authorization").Should().BeNull();
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task RunAsync_OllamaReturnsError_OnlyThePipelineRetriesThenReportsParticipantFailed(HttpStatusCode status)
    {
        _server.DefaultReply = FakeReply.Error(status);

        var result = await BuildPipeline(Config()).RunAsync(new ConvergenceRequest("Review."));

        var llama = result.Participants.Should().ContainSingle().Subject;
        llama.Status.Should().Be(ParticipantStatus.Failed);
        llama.Error.Should().NotBeNullOrEmpty();
        llama.ErrorKind.Should().Be(status == HttpStatusCode.TooManyRequests ? ParticipantErrorKind.RateLimited : ParticipantErrorKind.ServerError);
        _server.Requests.Should().HaveCount(1 + PipelineRetries, "OllamaSharp does not retry; only the pipeline's policy retries");
    }
}
