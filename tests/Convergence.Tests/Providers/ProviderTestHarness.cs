using System.Text;
using System.Text.Json;
using Convergence.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace Convergence.Tests.Providers;

/// <summary>Builds pipelines from configuration JSON, with API keys from a dictionary instead of the process environment.</summary>
internal static class ProviderTestHarness
{
    public const string OpenAIKey = "sk-test-openai-0001";
    public const string AzureKey = "azure-test-key-0002";
    public const string AnthropicKey = "sk-ant-test-0003";
    public const string OllamaKey = "ollama-proxy-token-0004";

    /// <summary>The pipeline's retries per call in these tests: a transient error costs exactly 1 + this many requests.</summary>
    public const int PipelineRetries = 2;

    public static readonly IReadOnlyDictionary<string, string> TestEnvironment = new Dictionary<string, string>
    {
        ["TEST_OPENAI_KEY"] = OpenAIKey,
        ["TEST_AZURE_KEY"] = AzureKey,
        ["TEST_ANTHROPIC_KEY"] = AnthropicKey,
        ["TEST_OLLAMA_KEY"] = OllamaKey,
    };

    public static IConfiguration Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    public static ProviderFactoryOptions Options(IReadOnlyDictionary<string, string>? environment = null, string? basePath = null) => new()
    {
        GetEnvironmentVariable = name => (environment ?? TestEnvironment).GetValueOrDefault(name),
        BasePath = basePath,
        NetworkTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Builds a pipeline with the real entry point, or (when <paramref name="streaming"/>) with every call made as a streaming call.</summary>
    public static IConvergencePipeline BuildPipeline(string json, bool streaming = false, IReadOnlyDictionary<string, string>? environment = null, string? basePath = null)
    {
        var builder = new ConvergencePipelineBuilder();
        if (!streaming)
        {
            builder.AddParticipantsFromConfiguration(Configuration(json), o =>
            {
                o.GetEnvironmentVariable = name => (environment ?? TestEnvironment).GetValueOrDefault(name);
                o.BasePath = basePath;
                o.NetworkTimeout = TimeSpan.FromSeconds(20);
            });
        }
        else
        {
            var factory = new ProviderChatClientFactory(ConvergenceSettings.FromConfiguration(Configuration(json)), Options(environment, basePath));
            foreach (var participant in factory.Participants)
            {
                builder.AddParticipant(participant.Role, _ => new StreamingOnlyChatClient(factory.CreateChatClient(participant)), o =>
                {
                    o.Name = participant.Name;
                    o.Provider = participant.Provider;
                    o.Model = participant.Model;
                });
            }
        }

        return builder.Configure(o =>
        {
            o.ExplorerQuorum = 1;

            // The pipeline's retry is the only one (the SDKs' are off): fast and deterministic here, so tests can count requests.
            o.Resilience.MaxRetryAttempts = PipelineRetries;
            o.Resilience.RetryDelay = TimeSpan.Zero;
            o.Resilience.UseJitter = false;
            o.Resilience.CircuitBreakerEnabled = false;
        }).Build();
    }

    /// <summary>An explorer reply in the documented shape.</summary>
    public static string Findings(params string[] titles) => JsonSerializer.Serialize(new
    {
        findings = titles.Select(t => new { title = t, detail = $"Why '{t}' matters.", confidence = 0.8 }),
    });

    /// <summary>Answers every call through the inner client's streaming API, so a whole pipeline runs over the SDKs' streaming paths.</summary>
    private sealed class StreamingOnlyChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);
    }
}
