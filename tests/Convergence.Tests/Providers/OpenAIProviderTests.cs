using System.Net;
using Convergence.Tests.Providers.Fakes;
using static Convergence.Tests.Providers.ProviderTestHarness;

namespace Convergence.Tests.Providers;

/// <summary>Whole pipelines through the OpenAI SDK (Microsoft.Extensions.AI.OpenAI) against a loopback chat completions server.</summary>
public sealed class OpenAIProviderTests : IDisposable
{
    private readonly FakeOpenAIServer _server = new();

    public void Dispose() => _server.Dispose();

    private string Config(string model = "gpt-4o-mini") => $$$"""
        {"Convergence": {
          "Providers": {"openai": {"Type": "openai", "Endpoint": "{{{_server.BaseUri}}}v1", "ApiKeyEnv": "TEST_OPENAI_KEY"}},
          "Explorers": [{"Name": "gpt", "Provider": "openai", "Model": "{{{model}}}"}]}}
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ThroughOpenAISdk_ParsesFindingsAndCountsUsageExactly(bool streaming)
    {
        _server.Enqueue(new FakeReply(Findings("SQL injection in login", "Hard-coded secret"), 120, 45));

        var result = await BuildPipeline(Config(), streaming).RunAsync(new ConvergenceRequest("Review the login code."));

        result.Status.Should().Be(RunStatus.Completed);
        result.Findings.Select(f => f.Title).Should().Equal("SQL injection in login", "Hard-coded secret");
        result.Candidates.Should().HaveCount(2);
        var gpt = result.Participants.Should().ContainSingle().Subject;
        gpt.Status.Should().Be(ParticipantStatus.Succeeded);
        gpt.Provider.Should().Be("openai");
        gpt.Model.Should().Be("gpt-4o-mini");
        gpt.Usage.InputTokens.Should().Be(120);
        gpt.Usage.OutputTokens.Should().Be(45);
        result.Usage.InputTokens.Should().Be(120);
        result.Usage.OutputTokens.Should().Be(45);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ThroughOpenAISdk_SendsBearerKeyModelAndTask(bool streaming)
    {
        _server.Enqueue(new FakeReply(Findings("A"), 1, 1));

        await BuildPipeline(Config("gpt-4.1-nano"), streaming).RunAsync(new ConvergenceRequest("Review the login code."));

        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/v1/chat/completions");
        request.Header("Authorization").Should().Be($"Bearer {OpenAIKey}");
        request.Model.Should().Be("gpt-4.1-nano");
        request.WantsStream(false).Should().Be(streaming);
        request.Body.Should().Contain("Review the login code.");
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task RunAsync_OpenAIReturnsError_OnlyThePipelineRetriesThenReportsParticipantFailed(HttpStatusCode status)
    {
        _server.DefaultReply = FakeReply.Error(status);

        var result = await BuildPipeline(Config()).RunAsync(new ConvergenceRequest("Review."));

        var gpt = result.Participants.Should().ContainSingle().Subject;
        gpt.Status.Should().Be(ParticipantStatus.Failed);
        gpt.Error.Should().Contain(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        gpt.Error.Should().NotContain(OpenAIKey);
        gpt.ErrorKind.Should().Be(status == HttpStatusCode.TooManyRequests ? ParticipantErrorKind.RateLimited : ParticipantErrorKind.ServerError);
        _server.Requests.Should().HaveCount(1 + PipelineRetries, "the SDK's own retries are off (ClientRetryPolicy(0)); only the pipeline's policy retries");
    }

    [Fact]
    public async Task RunAsync_GeminiStyleEndpointWithPath_PostsToChatCompletionsUnderThatPath()
    {
        // Gemini's OpenAI-compatible endpoint is https://generativelanguage.googleapis.com/v1beta/openai/ — a base path, not /v1.
        const string Json = """
            {"Convergence": {
              "Providers": {"gemini": {"Type": "openai", "Endpoint": "{0}v1beta/openai/", "ApiKeyEnv": "TEST_OPENAI_KEY"}},
              "Explorers": [{"Name": "gemini", "Provider": "gemini", "Model": "gemini-2.5-flash"}]}}
            """;
        _server.Enqueue(new FakeReply(Findings("A"), 3, 4));

        var result = await BuildPipeline(Json.Replace("{0}", _server.BaseUri.ToString(), StringComparison.Ordinal)).RunAsync(new ConvergenceRequest("Review."));

        _server.Requests.Should().ContainSingle().Which.Path.Should().Be("/v1beta/openai/chat/completions");
        result.Participants.Single().Provider.Should().Be("gemini");
    }
}
