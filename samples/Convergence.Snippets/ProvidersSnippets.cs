using Convergence;
using Convergence.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Snippets;

/// <summary>The C# blocks of docs/providers.md.</summary>
public static class ProvidersSnippets
{
    public static async Task<ConvergenceResult> PipelineBuilderAsync()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddJsonFile("convergence.json")
            .AddEnvironmentVariables()
            .Build();

        IConvergencePipeline pipeline = new ConvergencePipelineBuilder()
            .AddParticipantsFromConfiguration(configuration)   // the root or its "Convergence" section
            .Build();

        ConvergenceResult result = await pipeline.RunAsync(new ConvergenceRequest("Review the login code."));
        return result;
    }

    public static int SettingsFirst(IConfiguration configuration, string configPath)
    {
        try
        {
            ConvergenceSettings settings = ConvergenceSettings.FromConfiguration(configuration);
            var factory = new ProviderChatClientFactory(settings, new ProviderFactoryOptions
            {
                BasePath = Path.GetDirectoryName(Path.GetFullPath(configPath)),   // for relative replay paths
            });

            foreach (ConfiguredParticipant p in factory.Participants)
            {
                Console.WriteLine($"{p.Role,-8} {p.Name,-16} {p.Provider,-10} {p.Model}");
            }

            var builder = new ConvergencePipelineBuilder()
                .AddParticipants(factory)
                .Configure(o => o.ExplorerQuorum = settings.Resilience.ExplorerQuorum ?? 1);
            IConvergencePipeline pipeline = builder.Build();
        }
        catch (ConvergenceConfigurationException ex)   // includes MissingApiKeyException
        {
            Console.Error.WriteLine(ex.Message);          // one line, names the path or variable, never a secret
            return 2;
        }

        return 0;
    }

    public static void DependencyInjection(IServiceCollection services, IConfiguration configuration)
    {
        services.AddConvergenceProviders(configuration);   // IServiceCollection services, IConfiguration configuration

        services.AddConvergencePipeline()
            .AddKeyedExplorer("gpt")
            .AddKeyedExplorer("llama");
    }

    public static async Task OllamaAsync()
    {
        OllamaDiscoveryResult found = await OllamaDiscovery.DiscoverAsync();   // OLLAMA_HOST or 127.0.0.1:11434, 2 s timeout
        Console.WriteLine(found.Message);
        // Found 3 models of different families at http://127.0.0.1:11434/: llama3.2:latest (llama), qwen2.5:7b (qwen), gemma3:4b (gemma).
        // or: No Ollama server answered at http://127.0.0.1:11434/ (connection refused). Start one with `ollama serve`, then `ollama pull llama3.2`.

        if (found.Found)
        {
            var pipeline = new ConvergencePipelineBuilder()
                .AddParticipants(new ProviderChatClientFactory(found.ToSettings()))
                .Build();
        }
    }
}
