using Convergence.Providers;
using Convergence.Tests.Providers.Fakes;
using static Convergence.Tests.Providers.ProviderTestHarness;

namespace Convergence.Tests.Providers;

/// <summary>Configuration errors are clear, name the configuration path, never leak a secret, and happen before any call.</summary>
public sealed class ProviderConfigurationTests
{
    private static ProviderChatClientFactory Create(string json, IReadOnlyDictionary<string, string>? environment = null, string? basePath = null) =>
        new(ConvergenceSettings.FromConfiguration(Configuration(json)), Options(environment, basePath));

    [Fact]
    public void Constructor_ApiKeyVariableNotSet_ThrowsMissingApiKeyNamingTheVariableAndNoValue()
    {
        const string Json = """
            {"Convergence": {
              "Providers": {"openai": {"Type": "openai", "ApiKeyEnv": "TEST_OPENAI_KEY"},
                            "anthropic": {"Type": "anthropic", "ApiKeyEnv": "MY_ANTHROPIC_KEY"}},
              "Explorers": [{"Name": "gpt", "Provider": "openai", "Model": "gpt-4o-mini"},
                            {"Name": "claude", "Provider": "anthropic", "Model": "claude-sonnet-4-5"}]}}
            """;

        var act = () => Create(Json);

        var exception = act.Should().Throw<MissingApiKeyException>().Which;
        exception.VariableName.Should().Be("MY_ANTHROPIC_KEY");
        exception.ProviderKey.Should().Be("anthropic");
        exception.Message.Should().Contain("MY_ANTHROPIC_KEY").And.Contain("'anthropic'").And.NotContain(OpenAIKey);
        exception.Message.Should().NotContain("\n");
        foreach (var secret in TestEnvironment.Values)
        {
            exception.ToString().Should().NotContain(secret);
        }
    }

    [Fact]
    public void Constructor_ApiKeyVariableEmpty_ThrowsMissingApiKey()
    {
        const string Json = """
            {"Convergence": {"Providers": {"openai": {"Type": "openai", "ApiKeyEnv": "BLANK_KEY"}},
              "Explorers": [{"Name": "gpt", "Provider": "openai", "Model": "gpt-4o-mini"}]}}
            """;

        var act = () => Create(Json, new Dictionary<string, string> { ["BLANK_KEY"] = "   " });

        act.Should().Throw<MissingApiKeyException>().Which.VariableName.Should().Be("BLANK_KEY");
    }

    [Fact]
    public void Constructor_UnusedProviderWithoutKey_IsNotAnError()
    {
        const string Json = """
            {"Convergence": {
              "Providers": {"local": {"Type": "ollama", "Endpoint": "http://127.0.0.1:11434"},
                            "anthropic": {"Type": "anthropic", "ApiKeyEnv": "NOT_SET_ANYWHERE"}},
              "Explorers": [{"Name": "llama", "Provider": "local", "Model": "llama3.2"}]}}
            """;

        var factory = Create(Json);

        factory.Participants.Should().ContainSingle().Which.Name.Should().Be("llama");
    }

    [Fact]
    public void Constructor_VendorEndpointWithoutApiKeyEnv_ThrowsNamingTheSetting()
    {
        const string Json = """
            {"Convergence": {"Providers": {"openai": {"Type": "openai"}},
              "Explorers": [{"Name": "gpt", "Provider": "openai", "Model": "gpt-4o-mini"}]}}
            """;

        var act = () => Create(Json);

        act.Should().Throw<ConvergenceConfigurationException>().WithMessage("Convergence:Providers:openai:ApiKeyEnv is missing*OPENAI_API_KEY*");
    }

    [Fact]
    public void Constructor_UnknownType_ThrowsNamingPathValueAndKnownTypes()
    {
        const string Json = """
            {"Convergence": {"Providers": {"gpt": {"Type": "open-ai"}},
              "Explorers": [{"Name": "gpt", "Provider": "gpt", "Model": "gpt-4o-mini"}]}}
            """;

        var act = () => Create(Json);

        act.Should().Throw<ConvergenceConfigurationException>()
            .WithMessage("Convergence:Providers:gpt:Type is 'open-ai'*expected one of openai, azure-openai, anthropic, ollama, replay.");
    }

    [Fact]
    public void Constructor_MissingType_ThrowsNamingThePath()
    {
        const string Json = """{"Convergence": {"Providers": {"x": {"Endpoint": "http://127.0.0.1:1"}}}}""";

        var act = () => Create(Json);

        act.Should().Throw<ConvergenceConfigurationException>().WithMessage("Convergence:Providers:x:Type is missing*");
    }

    [Fact]
    public void Constructor_TypeInAnyCase_IsAccepted()
    {
        const string Json = """
            {"Convergence": {"Providers": {"Local": {"Type": "Ollama"}},
              "Explorers": [{"Name": "llama", "Provider": "local", "Model": "llama3.2"}]}}
            """;

        var participant = Create(Json).Participants.Should().ContainSingle().Subject;

        participant.ProviderType.Should().Be(ProviderTypes.Ollama);
        participant.ProviderKey.Should().Be("Local");
        participant.Provider.Should().Be("Local");
    }

    [Fact]
    public void Constructor_ParticipantNamesUnknownProvider_ThrowsNamingParticipantProviderAndConfiguredOnes()
    {
        const string Json = """
            {"Convergence": {"Providers": {"openai": {"Type": "openai", "ApiKeyEnv": "TEST_OPENAI_KEY"}, "local": {"Type": "ollama"}},
              "Explorers": [{"Name": "gpt", "Provider": "openai", "Model": "gpt-4o-mini"}],
              "Auditors": [{"Name": "claude-audit", "Provider": "anthropic", "Model": "claude-opus-4-1"}]}}
            """;

        var act = () => Create(Json);

        act.Should().Throw<ConvergenceConfigurationException>()
            .WithMessage("Convergence:Auditors:0 ('claude-audit') names provider 'anthropic', which is not configured*configured providers: local, openai.");
    }

    [Fact]
    public void Constructor_DuplicateNameAcrossRoles_ThrowsNamingBothPaths()
    {
        const string Json = """
            {"Convergence": {"Providers": {"local": {"Type": "ollama"}},
              "Explorers": [{"Name": "llama", "Provider": "local", "Model": "llama3.2"}],
              "Builders": [{"Name": "llama", "Provider": "local", "Model": "qwen2.5-coder"}]}}
            """;

        var act = () => Create(Json);

        act.Should().Throw<ConvergenceConfigurationException>()
            .WithMessage("Participant name 'llama' is used twice (Convergence:Explorers:0 and Convergence:Builders:0)*");
    }

    [Fact]
    public void Constructor_DefaultNamesCollide_ThrowsDuplicate()
    {
        const string Json = """
            {"Convergence": {"Providers": {"local": {"Type": "ollama"}},
              "Explorers": [{"Provider": "local", "Model": "llama3.2"}, {"Provider": "local", "Model": "llama3.2"}]}}
            """;

        var act = () => Create(Json);

        act.Should().Throw<ConvergenceConfigurationException>().WithMessage("Participant name 'local/llama3.2' is used twice*");
    }

    [Fact]
    public void Constructor_MissingModel_ThrowsNamingParticipant()
    {
        const string Json = """
            {"Convergence": {"Providers": {"azure": {"Type": "azure-openai", "Endpoint": "https://example.openai.azure.com/", "ApiKeyEnv": "TEST_AZURE_KEY"}},
              "Explorers": [{"Name": "az", "Provider": "azure"}]}}
            """;

        var act = () => Create(Json);

        act.Should().Throw<ConvergenceConfigurationException>().WithMessage("Convergence:Explorers:0 ('az') has no Model*deployment name*");
    }

    [Fact]
    public void Constructor_AzureWithoutEndpoint_Throws()
    {
        const string Json = """
            {"Convergence": {"Providers": {"azure": {"Type": "azure-openai", "ApiKeyEnv": "TEST_AZURE_KEY"}},
              "Explorers": [{"Name": "az", "Provider": "azure", "Model": "gpt4o"}]}}
            """;

        var act = () => Create(Json);

        act.Should().Throw<ConvergenceConfigurationException>().WithMessage("Convergence:Providers:azure:Endpoint is missing*");
    }

    [Fact]
    public void Constructor_EndpointNotAnAbsoluteHttpUri_Throws()
    {
        const string Json = """
            {"Convergence": {"Providers": {"openai": {"Type": "openai", "Endpoint": "localhost:8080/v1"}},
              "Explorers": [{"Name": "gpt", "Provider": "openai", "Model": "m"}]}}
            """;

        var act = () => Create(Json);

        act.Should().Throw<ConvergenceConfigurationException>().WithMessage("Convergence:Providers:openai:Endpoint is 'localhost:8080/v1'*");
    }

    [Fact]
    public void Constructor_ReplayFileMissing_ThrowsNamingPathAndFile()
    {
        const string Json = """
            {"Convergence": {"Providers": {"replay": {"Type": "replay", "Path": "no-such-file.json"}},
              "Explorers": [{"Name": "gpt", "Provider": "replay"}]}}
            """;

        var act = () => Create(Json, basePath: Path.GetTempPath());

        act.Should().Throw<ConvergenceConfigurationException>().WithMessage("Convergence:Providers:replay:Path*no-such-file.json*");
    }

    [Fact]
    public void Constructor_ReplayFileLacksParticipant_ThrowsListingRecordedOnes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"convergence-replay-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"recordings": [{"participant": "gpt", "replies": [{"text": "{}"}]}]}""");
        try
        {
            var json = $$$"""
                {"Convergence": {"Providers": {"replay": {"Type": "replay", "Path": {{{System.Text.Json.JsonSerializer.Serialize(path)}}}}},
                  "Explorers": [{"Name": "claude", "Provider": "replay"}]}}
                """;

            var act = () => Create(json);

            act.Should().Throw<ConvergenceConfigurationException>()
                .WithMessage("Convergence:Explorers:0 ('claude') uses replay provider 'replay'*no recording for participant 'claude'*'gpt'*");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AddParticipantsFromConfiguration_InvalidConfiguration_ThrowsBeforeAnyRequest()
    {
        using var server = new FakeOpenAIServer { DefaultReply = new FakeReply(Findings("A"), 1, 1) };
        var json = $$$"""
            {"Convergence": {"Providers": {"openai": {"Type": "openai", "Endpoint": "{{{server.BaseUri}}}v1", "ApiKeyEnv": "TEST_OPENAI_KEY"}},
              "Explorers": [{"Name": "gpt", "Provider": "openai", "Model": "gpt-4o-mini"},
                            {"Name": "gpt", "Provider": "openai", "Model": "gpt-4o"}]}}
            """;

        var act = () => BuildPipeline(json);

        act.Should().Throw<ConvergenceConfigurationException>();
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_ProviderRejectsKey_ParticipantErrorDoesNotContainTheKey()
    {
        using var server = new FakeOpenAIServer();
        server.Enqueue(FakeReply.Error(System.Net.HttpStatusCode.Unauthorized));
        var json = $$$"""
            {"Convergence": {"Providers": {"openai": {"Type": "openai", "Endpoint": "{{{server.BaseUri}}}v1", "ApiKeyEnv": "TEST_OPENAI_KEY"}},
              "Explorers": [{"Name": "gpt", "Provider": "openai", "Model": "gpt-4o-mini"}]}}
            """;

        var result = await BuildPipeline(json).RunAsync(new ConvergenceRequest("Review."));

        var gpt = result.Participants.Should().ContainSingle().Subject;
        gpt.Status.Should().Be(ParticipantStatus.Failed);
        gpt.Error.Should().NotContain(OpenAIKey);
        result.Warnings.Should().NotContain(w => w.Contains(OpenAIKey, StringComparison.Ordinal));
    }

    [Fact]
    public void Participants_AllRoles_ResolvedInOrderWithRolesProvidersAndInstructions()
    {
        const string Json = """
            {"Convergence": {
              "Providers": {"local": {"Type": "ollama"}, "other": {"Type": "openai", "Endpoint": "http://127.0.0.1:1/v1"}},
              "Explorers": [{"Name": "a", "Provider": "local", "Model": "llama3.2", "Instructions": "Focus on security."},
                            {"Provider": "other", "Model": "qwen"}],
              "Builders": [{"Name": "b", "Provider": "other", "Model": "coder"}],
              "Auditors": [{"Name": "c", "Provider": "local", "Model": "gemma3"}]}}
            """;

        var factory = Create(Json);

        factory.Participants.Select(p => (p.Role, p.Name, p.Provider, p.Model, p.ConfigurationPath)).Should().Equal(
            (ConvergenceRole.Explorer, "a", "local", "llama3.2", "Convergence:Explorers:0"),
            (ConvergenceRole.Explorer, "other/qwen", "other", "qwen", "Convergence:Explorers:1"),
            (ConvergenceRole.Builder, "b", "other", "coder", "Convergence:Builders:0"),
            (ConvergenceRole.Auditor, "c", "local", "gemma3", "Convergence:Auditors:0"));
        factory.Participants[0].Instructions.Should().Be("Focus on security.");
        factory.GetParticipants(ConvergenceRole.Builder).Should().ContainSingle().Which.Name.Should().Be("b");
    }

    [Fact]
    public void CreateChatClient_EveryType_ReportsProviderKeyAndModelThroughMetadata()
    {
        const string Json = """
            {"Convergence": {
              "Providers": {"o": {"Type": "openai", "Endpoint": "http://127.0.0.1:1/v1"},
                            "z": {"Type": "azure-openai", "Endpoint": "https://example.openai.azure.com/", "ApiKeyEnv": "TEST_AZURE_KEY"},
                            "a": {"Type": "anthropic", "Endpoint": "http://127.0.0.1:1"},
                            "l": {"Type": "ollama", "Endpoint": "http://127.0.0.1:1"}},
              "Explorers": [{"Name": "1", "Provider": "o", "Model": "m1"}, {"Name": "2", "Provider": "z", "Model": "m2"},
                            {"Name": "3", "Provider": "a", "Model": "m3"}, {"Name": "4", "Provider": "l", "Model": "m4"}]}}
            """;
        var factory = Create(Json);

        foreach (var participant in factory.Participants)
        {
            using var client = factory.CreateChatClient(participant);
            var metadata = client.GetService(typeof(Microsoft.Extensions.AI.ChatClientMetadata)) as Microsoft.Extensions.AI.ChatClientMetadata;
            metadata.Should().NotBeNull();
            metadata!.ProviderName.Should().Be(participant.ProviderKey);
            metadata.DefaultModelId.Should().Be(participant.Model);
        }
    }
}
