using System.Net;
using Convergence.Tests.Providers.Fakes;
using static Convergence.Tests.Providers.ProviderTestHarness;

namespace Convergence.Tests.Providers;

/// <summary>Whole pipelines through the Anthropic SDK's <c>AsIChatClient</c> against a loopback Messages API server.</summary>
public sealed class AnthropicProviderTests : IDisposable
{
    private readonly FakeAnthropicServer _server = new();

    public void Dispose() => _server.Dispose();

    private string Config(string model = "claude-sonnet-4-5") => $$$"""
        {"Convergence": {
          "Providers": {"anthropic": {"Type": "anthropic", "Endpoint": "{{{_server.BaseUri}}}", "ApiKeyEnv": "TEST_ANTHROPIC_KEY"}},
          "Explorers": [{"Name": "claude", "Provider": "anthropic", "Model": "{{{model}}}"}]}}
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ThroughAnthropicSdk_ParsesFindingsAndCountsUsageExactly(bool streaming)
    {
        _server.Enqueue(new FakeReply(Findings("SQL injection in login", "Missing rate limit"), 210, 64));

        var result = await BuildPipeline(Config(), streaming).RunAsync(new ConvergenceRequest("Review the login code."));

        result.Status.Should().Be(RunStatus.Completed);
        result.Findings.Select(f => f.Title).Should().Equal("SQL injection in login", "Missing rate limit");
        var claude = result.Participants.Should().ContainSingle().Subject;
        claude.Status.Should().Be(ParticipantStatus.Succeeded);
        claude.Provider.Should().Be("anthropic");
        claude.Model.Should().Be("claude-sonnet-4-5");
        claude.Usage.InputTokens.Should().Be(210);
        claude.Usage.OutputTokens.Should().Be(64);
        result.Usage.InputTokens.Should().Be(210);
        result.Usage.OutputTokens.Should().Be(64);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ThroughAnthropicSdk_SendsApiKeyVersionModelAndTask(bool streaming)
    {
        _server.Enqueue(new FakeReply(Findings("A"), 1, 1));

        await BuildPipeline(Config("claude-haiku-4-5"), streaming).RunAsync(new ConvergenceRequest("Review the login code."));

        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/v1/messages");
        // Anthropic SDK 13.x sends the API key as a bearer token (its ClientOptions.ApiKey documents this).
        request.Header("Authorization").Should().Be($"Bearer {AnthropicKey}");
        request.Header("anthropic-version").Should().NotBeNullOrEmpty();
        request.Model.Should().Be("claude-haiku-4-5");
        request.WantsStream(false).Should().Be(streaming);
        request.Body.Should().Contain("Review the login code.");
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task RunAsync_AnthropicReturnsError_OnlyThePipelineRetriesThenReportsParticipantFailed(HttpStatusCode status)
    {
        _server.DefaultReply = FakeReply.Error(status);

        var result = await BuildPipeline(Config()).RunAsync(new ConvergenceRequest("Review."));

        var claude = result.Participants.Should().ContainSingle().Subject;
        claude.Status.Should().Be(ParticipantStatus.Failed);
        claude.Error.Should().NotBeNullOrEmpty().And.NotContain(AnthropicKey);
        claude.ErrorKind.Should().Be(status == HttpStatusCode.TooManyRequests ? ParticipantErrorKind.RateLimited : ParticipantErrorKind.ServerError);
        _server.Requests.Should().HaveCount(1 + PipelineRetries, "the SDK's own retries are off (MaxRetries = 0); only the pipeline's policy retries");
    }
}
