using System.Net;
using System.Net.Sockets;
using Convergence.Providers;
using Convergence.Tests.Providers.Fakes;

namespace Convergence.Tests.Providers;

/// <summary>Finding a local Ollama server and up to three models of different families (what <c>demo --ollama</c> runs on).</summary>
public sealed class OllamaDiscoveryTests : IDisposable
{
    private readonly FakeOllamaServer _server = new();

    public void Dispose() => _server.Dispose();

    private OllamaDiscoveryOptions Options => new() { Endpoint = _server.BaseUri, GetEnvironmentVariable = _ => null };

    [Fact]
    public async Task DiscoverAsync_ServerWithModels_SelectsUpToThreeOfDifferentFamiliesSkippingEmbeddings()
    {
        _server.Models =
        [
            ("llama3.2:latest", "llama"), ("llama3.1:8b", "llama"), ("nomic-embed-text:latest", "nomic-bert"),
            ("qwen2.5:7b", "qwen2"), ("qwen3:4b", "qwen3"), ("gemma3:4b", "gemma3"), ("phi4:latest", "phi3"),
        ];

        var result = await OllamaDiscovery.DiscoverAsync(Options);

        result.Found.Should().BeTrue();
        result.ServerAnswered.Should().BeTrue();
        result.Models.Select(m => (m.Name, m.Family)).Should().Equal(("llama3.2:latest", "llama"), ("qwen2.5:7b", "qwen"), ("gemma3:4b", "gemma"));
        result.Models[0].ParameterSize.Should().Be("3B");
        result.Message.Should().StartWith("Found 3 models of different families at " + _server.BaseUri);
        _server.Requests.Should().ContainSingle().Which.Path.Should().Be("/api/tags");
    }

    [Fact]
    public async Task DiscoverAsync_MaxModels_IsHonoured()
    {
        _server.Models = [("llama3.2", "llama"), ("qwen2.5", "qwen2"), ("gemma3", "gemma3")];

        var result = await OllamaDiscovery.DiscoverAsync(new OllamaDiscoveryOptions { Endpoint = _server.BaseUri, MaxModels = 2 });

        result.Models.Select(m => m.Name).Should().Equal("llama3.2", "qwen2.5");
    }

    [Fact]
    public async Task DiscoverAsync_OllamaHostVariable_IsWhereItLooks()
    {
        _server.Models = [("llama3.2", "llama")];
        var host = $"127.0.0.1:{_server.BaseUri.Port}";

        var result = await OllamaDiscovery.DiscoverAsync(new OllamaDiscoveryOptions
        {
            GetEnvironmentVariable = name => name == OllamaDiscovery.HostVariable ? host : null,
        });

        result.Found.Should().BeTrue();
        result.Endpoint.Should().Be(_server.BaseUri);
    }

    [Fact]
    public async Task DiscoverAsync_NoServer_SaysNoneFoundAndHowToStartOne()
    {
        var endpoint = new Uri($"http://127.0.0.1:{ClosedPort()}/");

        var result = await OllamaDiscovery.DiscoverAsync(new OllamaDiscoveryOptions { Endpoint = endpoint });

        result.Found.Should().BeFalse();
        result.ServerAnswered.Should().BeFalse();
        result.Models.Should().BeEmpty();
        result.Message.Should().Contain($"No Ollama server answered at {endpoint}")
            .And.Contain("`ollama serve`").And.Contain("`ollama pull llama3.2`");
        result.Invoking(r => r.ToSettings()).Should().Throw<InvalidOperationException>().WithMessage(result.Message);
    }

    [Fact]
    public async Task DiscoverAsync_ServerNeverAnswers_GivesUpAfterTheTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await OllamaDiscovery.DiscoverAsync(new OllamaDiscoveryOptions { Endpoint = endpoint, Timeout = TimeSpan.FromMilliseconds(300) });

        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        result.Found.Should().BeFalse();
        result.Message.Should().Contain("within 0.3 s").And.Contain("`ollama serve`");
    }

    [Fact]
    public async Task DiscoverAsync_ServerWithoutChatModels_SaysToPullOne()
    {
        _server.Models = [("nomic-embed-text:latest", "nomic-bert")];

        var result = await OllamaDiscovery.DiscoverAsync(Options);

        result.Found.Should().BeFalse();
        result.ServerAnswered.Should().BeTrue();
        result.Message.Should().Contain("has only embedding models").And.Contain("`ollama pull llama3.2`");
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:11434/")]
    [InlineData("", "http://127.0.0.1:11434/")]
    [InlineData("0.0.0.0", "http://127.0.0.1:11434/")]
    [InlineData("0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("gpu-box", "http://gpu-box:11434/")]
    [InlineData("http://gpu-box:11434", "http://gpu-box:11434/")]
    [InlineData("https://ollama.example.com", "https://ollama.example.com/")]
    [InlineData("http://127.0.0.1:11434/proxy", "http://127.0.0.1:11434/proxy/")]
    public void ResolveEndpoint_OllamaHostValue_GivesTheAddressToConnectTo(string? value, string expected)
    {
        OllamaDiscovery.ResolveEndpoint(value).Should().Be(new Uri(expected));
    }

    [Fact]
    public async Task ToSettings_DiscoveredModels_RunAPanelWithOneProviderPerFamily()
    {
        _server.Models = [("llama3.2:latest", "llama"), ("qwen2.5:7b", "qwen2"), ("gemma3:4b", "gemma3")];
        _server.DefaultReply = new FakeReply(ProviderTestHarness.Findings("Shared finding"), 10, 5);
        var discovery = await OllamaDiscovery.DiscoverAsync(Options);

        var settings = discovery.ToSettings();
        var pipeline = new ConvergencePipelineBuilder().AddParticipants(new ProviderChatClientFactory(settings)).Build();
        var result = await pipeline.RunAsync(new ConvergenceRequest("Review."));

        result.Participants.Select(p => (p.Name, p.Provider)).Should().Equal(
            ("llama3.2:latest", "ollama-llama"), ("qwen2.5:7b", "ollama-qwen"), ("gemma3:4b", "ollama-gemma"));
        result.Candidates.Should().ContainSingle().Which.DistinctProviders.Should().Be(3);
        result.Usage.InputTokens.Should().Be(30);
        _server.Requests.Where(r => r.Path == "/api/chat").Select(r => r.Model).Should().BeEquivalentTo("llama3.2:latest", "qwen2.5:7b", "gemma3:4b");
    }

    private static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
