using System.Net;
using Convergence.Tests.Providers.Fakes;
using static Convergence.Tests.Providers.ProviderTestHarness;

namespace Convergence.Tests.Providers;

/// <summary>Whole pipelines through Azure.AI.OpenAI against a loopback server speaking Azure's deployment routes.</summary>
public sealed class AzureOpenAIProviderTests : IDisposable
{
    private readonly FakeOpenAIServer _server = new();

    public void Dispose() => _server.Dispose();

    private string Config(string deployment = "gpt4o-prod") => $$$"""
        {"Convergence": {
          "Providers": {"azure": {"Type": "azure-openai", "Endpoint": "{{{_server.BaseUri}}}", "ApiKeyEnv": "TEST_AZURE_KEY"}},
          "Explorers": [{"Name": "azure-gpt", "Provider": "azure", "Model": "{{{deployment}}}"}]}}
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ThroughAzureOpenAISdk_ParsesFindingsAndCountsUsageExactly(bool streaming)
    {
        _server.Enqueue(new FakeReply(Findings("SQL injection in login"), 77, 19));

        var result = await BuildPipeline(Config(), streaming).RunAsync(new ConvergenceRequest("Review the login code."));

        result.Status.Should().Be(RunStatus.Completed);
        result.Findings.Should().ContainSingle().Which.Title.Should().Be("SQL injection in login");
        var azure = result.Participants.Should().ContainSingle().Subject;
        azure.Provider.Should().Be("azure");
        azure.Model.Should().Be("gpt4o-prod");
        azure.Usage.InputTokens.Should().Be(77);
        azure.Usage.OutputTokens.Should().Be(19);
        result.Usage.InputTokens.Should().Be(77);
        result.Usage.OutputTokens.Should().Be(19);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ThroughAzureOpenAISdk_SendsApiKeyHeaderToTheDeploymentRoute(bool streaming)
    {
        _server.Enqueue(new FakeReply(Findings("A"), 1, 1));

        await BuildPipeline(Config("my-deployment"), streaming).RunAsync(new ConvergenceRequest("Review the login code."));

        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/openai/deployments/my-deployment/chat/completions");
        request.Query.Should().Contain("api-version=");
        request.Header("api-key").Should().Be(AzureKey);
        request.WantsStream(false).Should().Be(streaming);
        request.Body.Should().Contain("Review the login code.");
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task RunAsync_AzureOpenAIReturnsError_OnlyThePipelineRetriesThenReportsParticipantFailed(HttpStatusCode status)
    {
        _server.DefaultReply = FakeReply.Error(status);

        var result = await BuildPipeline(Config()).RunAsync(new ConvergenceRequest("Review."));

        var azure = result.Participants.Should().ContainSingle().Subject;
        azure.Status.Should().Be(ParticipantStatus.Failed);
        azure.Error.Should().NotBeNullOrEmpty().And.NotContain(AzureKey);
        azure.ErrorKind.Should().Be(status == HttpStatusCode.TooManyRequests ? ParticipantErrorKind.RateLimited : ParticipantErrorKind.ServerError);
        _server.Requests.Should().HaveCount(1 + PipelineRetries, "the SDK's own retries are off (ClientRetryPolicy(0)); only the pipeline's policy retries");
    }
}
