using Convergence.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using static Convergence.Tests.Providers.ProviderTestHarness;

namespace Convergence.Tests.Providers;

/// <summary>Binding the <c>Convergence</c> section (DESIGN.md's example) and registering its participants in DI.</summary>
public sealed class ConvergenceSettingsTests
{
    private const string DesignExample = """
        {"Convergence": {
          "Providers": {"openai": {"Type": "openai", "Endpoint": "https://api.openai.com/v1", "ApiKeyEnv": "TEST_OPENAI_KEY"},
                        "anthropic": {"Type": "anthropic", "ApiKeyEnv": "TEST_ANTHROPIC_KEY"},
                        "local": {"Type": "ollama", "Endpoint": "http://127.0.0.1:11434"}},
          "Explorers": [{"Name": "gpt", "Provider": "openai", "Model": "gpt-4o-mini"},
                        {"Name": "llama", "Provider": "local", "Model": "llama3.2", "Instructions": "Be terse."}],
          "Builders":  [{"Name": "claude", "Provider": "anthropic", "Model": "claude-sonnet-4-5"}],
          "Auditors":  [{"Name": "gpt-audit", "Provider": "openai", "Model": "gpt-4o"}],
          "Synthesis": {"Dedup": "semantic", "Threshold": 0.8},
          "Build": {"TopK": 3, "MaxIterations": 3, "VerifyCommand": "bash verify.sh {artifact}"},
          "Audit": {"Policy": "majority", "VetoSeverity": "critical"},
          "Budget": {"MaxTokens": 200000},
          "Resilience": {"TimeoutSeconds": 60, "ExplorerQuorum": 2}}}
        """;

    [Fact]
    public void FromConfiguration_DesignExample_BindsEverySection()
    {
        var settings = ConvergenceSettings.FromConfiguration(Configuration(DesignExample));

        settings.Providers.Keys.Should().BeEquivalentTo("openai", "anthropic", "local");
        settings.Providers["OpenAI"].Type.Should().Be("openai", "provider keys compare case-insensitively, as configuration keys do");
        settings.Providers["openai"].ApiKeyEnv.Should().Be("TEST_OPENAI_KEY");
        settings.Providers["local"].Endpoint.Should().Be("http://127.0.0.1:11434");
        settings.Explorers.Select(e => (e.Name, e.Provider, e.Model)).Should().Equal(("gpt", "openai", "gpt-4o-mini"), ("llama", "local", "llama3.2"));
        settings.Explorers[1].Instructions.Should().Be("Be terse.");
        settings.Builders.Should().ContainSingle().Which.Model.Should().Be("claude-sonnet-4-5");
        settings.Auditors.Should().ContainSingle().Which.Name.Should().Be("gpt-audit");
        settings.Synthesis.Dedup.Should().Be("semantic");
        settings.Synthesis.Threshold.Should().Be(0.8);
        settings.Build.TopK.Should().Be(3);
        settings.Build.MaxIterations.Should().Be(3);
        settings.Build.VerifyCommand.Should().Be("bash verify.sh {artifact}");
        settings.Audit.Policy.Should().Be("majority");
        settings.Audit.VetoSeverity.Should().Be("critical");
        settings.Budget.MaxTokens.Should().Be(200000);
        settings.Resilience.TimeoutSeconds.Should().Be(60);
        settings.Resilience.ExplorerQuorum.Should().Be(2);
    }

    [Fact]
    public void FromConfiguration_SectionItselfOrRoot_BindTheSame()
    {
        var root = Configuration(DesignExample);

        var fromRoot = ConvergenceSettings.FromConfiguration(root);
        var fromSection = ConvergenceSettings.FromConfiguration(root.GetSection("Convergence"));

        fromSection.Explorers.Select(e => e.Name).Should().Equal(fromRoot.Explorers.Select(e => e.Name));
        fromSection.Providers.Keys.Should().BeEquivalentTo(fromRoot.Providers.Keys);
    }

    [Fact]
    public void FromConfiguration_NothingConfigured_GivesEmptySettingsWithNullValues()
    {
        var settings = ConvergenceSettings.FromConfiguration(Configuration("{}"));

        settings.Providers.Should().BeEmpty();
        settings.Explorers.Should().BeEmpty();
        settings.Build.TopK.Should().BeNull();
        settings.Resilience.ExplorerQuorum.Should().BeNull();
    }

    [Fact]
    public void FromConfiguration_ValueOfWrongType_ThrowsConfigurationException()
    {
        var act = () => ConvergenceSettings.FromConfiguration(Configuration("""{"Convergence": {"Build": {"TopK": "three"}}}"""));

        act.Should().Throw<ConvergenceConfigurationException>().WithMessage("*Convergence*");
    }

    [Fact]
    public void AddConvergenceProviders_RegistersKeyedClientPerParticipantReportingProviderKey()
    {
        var services = new ServiceCollection();
        services.AddConvergenceProviders(Configuration(DesignExample), o => o.GetEnvironmentVariable = name => TestEnvironment.GetValueOrDefault(name));
        using var provider = services.BuildServiceProvider();

        foreach (var (name, providerKey, model) in new[] { ("gpt", "openai", "gpt-4o-mini"), ("llama", "local", "llama3.2"), ("claude", "anthropic", "claude-sonnet-4-5"), ("gpt-audit", "openai", "gpt-4o") })
        {
            var client = provider.GetRequiredKeyedService<IChatClient>(name);
            var metadata = client.GetService<ChatClientMetadata>()!;
            metadata.ProviderName.Should().Be(providerKey);
            metadata.DefaultModelId.Should().Be(model);
        }

        provider.GetRequiredKeyedService<IChatClient>("gpt").Should().BeSameAs(provider.GetRequiredKeyedService<IChatClient>("gpt"));
        provider.GetRequiredService<ConvergenceSettings>().Build.TopK.Should().Be(3);
        provider.GetRequiredService<ProviderChatClientFactory>().Participants.Should().HaveCount(4);
    }

    [Fact]
    public void AddConvergenceProviders_MissingKey_ThrowsAtRegistration()
    {
        var services = new ServiceCollection();

        var act = () => services.AddConvergenceProviders(Configuration(DesignExample), o => o.GetEnvironmentVariable = _ => null);

        act.Should().Throw<MissingApiKeyException>().Which.VariableName.Should().Be("TEST_OPENAI_KEY");
        services.Should().BeEmpty();
    }

    [Fact]
    public async Task AddKeyedExplorer_WithRegisteredProviderClient_ReportsTheProviderKey()
    {
        using var server = new Fakes.FakeOllamaServer { DefaultReply = new Fakes.FakeReply(Findings("A"), 2, 3) };
        var json = $$$"""
            {"Convergence": {"Providers": {"local": {"Type": "ollama", "Endpoint": "{{{server.BaseUri}}}"}},
              "Explorers": [{"Name": "llama", "Provider": "local", "Model": "llama3.2"}]}}
            """;
        var services = new ServiceCollection();
        services.AddConvergenceProviders(Configuration(json));
        services.AddConvergencePipeline().AddKeyedExplorer("llama");
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IConvergencePipeline>().RunAsync(new ConvergenceRequest("Review."));

        var llama = result.Participants.Should().ContainSingle().Subject;
        llama.Provider.Should().Be("local");
        llama.Model.Should().Be("llama3.2");
        llama.Usage.OutputTokens.Should().Be(3);
    }
}
