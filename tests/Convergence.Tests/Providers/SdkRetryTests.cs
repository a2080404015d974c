using System.Net;
using Convergence.Tests.Providers.Fakes;
using static Convergence.Tests.Providers.ProviderTestHarness;

namespace Convergence.Tests.Providers;

/// <summary>
/// Through every SDK, a transient error is retried by the pipeline's policy (never by the SDK), and usage counts the calls that
/// answered: the SDKs' exceptions carry the status the pipeline classifies.
/// </summary>
public sealed class SdkRetryTests
{
    public static TheoryData<string, HttpStatusCode> Cases()
    {
        var data = new TheoryData<string, HttpStatusCode>();
        foreach (var type in new[] { "openai", "azure-openai", "anthropic", "ollama" })
        {
            data.Add(type, HttpStatusCode.TooManyRequests);
            data.Add(type, HttpStatusCode.ServiceUnavailable);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RunAsync_TransientErrorThenReply_PipelineRetrySucceedsAndUsageCountsTheAnswer(string type, HttpStatusCode status)
    {
        using FakeModelServer server = type switch
        {
            "anthropic" => new FakeAnthropicServer(),
            "ollama" => new FakeOllamaServer(),
            _ => new FakeOpenAIServer(),
        };
        server.Enqueue(FakeReply.Error(status), new FakeReply(Findings("Recovered finding"), 40, 8));
        var (endpoint, keyEnv) = type switch
        {
            "openai" => ($"{server.BaseUri}v1", "TEST_OPENAI_KEY"),
            "azure-openai" => (server.BaseUri.ToString(), "TEST_AZURE_KEY"),
            "anthropic" => (server.BaseUri.ToString(), "TEST_ANTHROPIC_KEY"),
            _ => (server.BaseUri.ToString(), "TEST_OLLAMA_KEY"),
        };
        var json = $$$"""
            {"Convergence": {"Providers": {"p": {"Type": "{{{type}}}", "Endpoint": "{{{endpoint}}}", "ApiKeyEnv": "{{{keyEnv}}}"}},
              "Explorers": [{"Name": "x", "Provider": "p", "Model": "m"}]}}
            """;

        var result = await BuildPipeline(json).RunAsync(new ConvergenceRequest("Review."));

        var x = result.Participants.Should().ContainSingle().Subject;
        x.Status.Should().Be(ParticipantStatus.Succeeded);
        result.Findings.Should().ContainSingle().Which.Title.Should().Be("Recovered finding");
        x.Usage.InputTokens.Should().Be(40);
        x.Usage.OutputTokens.Should().Be(8);
        server.Requests.Should().HaveCount(2, "one failed attempt and one pipeline retry; the SDK retried nothing");
    }
}
