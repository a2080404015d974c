using Convergence.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Convergence.Tests.DependencyInjection;

public class ConvergenceServiceCollectionExtensionsTests
{
    private static ServiceCollection ServicesWithKeyedClients()
    {
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IChatClient>("gpt", (_, _) => new ScriptedChatClient("openai", "gpt-4o").WhenExhausted((_, _) => Reply("A")));
        services.AddKeyedSingleton<IChatClient>("claude", (_, _) => new ScriptedChatClient("anthropic", "claude").WhenExhausted((_, _) => Reply("A")));
        return services;
    }

    private static Task<ChatResponse> Reply(string title) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, TestReplies.Findings(title))));

    [Fact]
    public async Task AddConvergencePipeline_KeyedParticipants_ResolveFromTheContainer()
    {
        var services = ServicesWithKeyedClients();
        services.AddConvergencePipeline().AddKeyedExplorer("gpt").AddKeyedExplorer("claude", o => o.Instructions = "be terse");
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IConvergencePipeline>().RunAsync(new("t"));

        result.Participants.Select(p => (p.Name, p.Provider)).Should().Equal(("gpt", "openai"), ("claude", "anthropic"));
        result.Candidates.Should().ContainSingle().Which.DistinctProviders.Should().Be(2);
        var claude = (ScriptedChatClient)provider.GetRequiredKeyedService<IChatClient>("claude");
        claude.Requests.Single().Messages[0].Text.Should().EndWith("be terse");
    }

    [Fact]
    public async Task AddConvergencePipeline_DefaultLifetime_IsSingleton()
    {
        var services = ServicesWithKeyedClients();
        services.AddConvergencePipeline().AddKeyedExplorer("gpt");
        await using var provider = services.BuildServiceProvider();

        services.Single(d => d.ServiceType == typeof(IConvergencePipeline)).Lifetime.Should().Be(ServiceLifetime.Singleton);
        provider.GetRequiredService<IConvergencePipeline>().Should().BeSameAs(provider.GetRequiredService<IConvergencePipeline>());
    }

    [Fact]
    public async Task AddConvergencePipeline_ScopedLifetime_GivesOnePipelinePerScope()
    {
        var services = ServicesWithKeyedClients();
        services.AddConvergencePipeline(ServiceLifetime.Scoped).AddKeyedExplorer("gpt");
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        await using var scope1 = provider.CreateAsyncScope();
        await using var scope2 = provider.CreateAsyncScope();
        var first = scope1.ServiceProvider.GetRequiredService<IConvergencePipeline>();

        first.Should().BeSameAs(scope1.ServiceProvider.GetRequiredService<IConvergencePipeline>());
        first.Should().NotBeSameAs(scope2.ServiceProvider.GetRequiredService<IConvergencePipeline>());
    }

    [Fact]
    public async Task AddKeyedConvergencePipeline_NamedPipelines_AreIndependent()
    {
        var services = ServicesWithKeyedClients();
        services.AddKeyedConvergencePipeline("security").AddKeyedExplorer("gpt");
        services.AddKeyedConvergencePipeline("performance").AddKeyedExplorer("gpt").AddKeyedExplorer("claude");
        await using var provider = services.BuildServiceProvider();

        var security = await provider.GetRequiredKeyedService<IConvergencePipeline>("security").RunAsync(new("t"));
        var performance = await provider.GetRequiredKeyedService<IConvergencePipeline>("performance").RunAsync(new("t"));

        security.Participants.Should().HaveCount(1);
        performance.Participants.Should().HaveCount(2);
        provider.GetService<IConvergencePipeline>().Should().BeNull();
    }

    [Fact]
    public async Task AddConvergencePipeline_MissingKeyedClient_FailsAtResolutionNamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddConvergencePipeline().AddKeyedExplorer("nope");
        await using var provider = services.BuildServiceProvider();

        provider.Invoking(p => p.GetRequiredService<IConvergencePipeline>()).Should().Throw<InvalidOperationException>().WithMessage("*'nope'*explorer*");
    }

    [Fact]
    public void AddConvergencePipeline_NullServices_Throws()
    {
        FluentActions.Invoking(() => ConvergenceServiceCollectionExtensions.AddConvergencePipeline(null!))
            .Should().Throw<ArgumentNullException>().WithParameterName("services");
        FluentActions.Invoking(() => new ServiceCollection().AddKeyedConvergencePipeline(null!))
            .Should().Throw<ArgumentNullException>().WithParameterName("serviceKey");
    }
}
