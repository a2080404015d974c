using Convergence.Providers;
using Convergence.Testing;

namespace Convergence.Cli;

/// <summary>
/// The offline demo: the real pipeline over recorded replies of a five-model panel from four providers, reviewing a
/// C# method for defects. No keys, no network. With <c>--ollama</c>, the same task on local models, live.
/// </summary>
internal static class DemoCommand
{
    private const string Builder = "claude-builder";

    private static readonly string[] Explorers = ["gpt", "gpt-security", "claude", "gemini", "llama"];

    private static readonly string[] Auditors = ["gpt-auditor", "gemini-auditor"];

    public const string Task = "Review this C# method for defects that matter in production: security, correctness, resource use, concurrency.";

    public static async Task<int> RunAsync(CliOptions options, CliHost host, CancellationToken cancellationToken)
    {
        options.Allow("demo", "--output", "--report", "--no-progress", "--ollama");
        if (options.Arguments.Count > 0)
        {
            throw new UsageException($"unexpected argument '{options.Arguments[0]}'");
        }

        return options.Ollama
            ? await RunOllamaAsync(options, host, cancellationToken)
            : await RunRecordedAsync(options, host, cancellationToken);
    }

    private static async Task<int> RunRecordedAsync(CliOptions options, CliHost host, CancellationToken cancellationToken)
    {
        var stdout = host.Output;
        var replay = ReplayFile.Parse(ReadResource("demo-replay.json"));
        var builder = new ConvergencePipelineBuilder();
        foreach (var name in Explorers)
        {
            builder.AddExplorer(replay.CreateClient(name), o => o.Name = name);
        }

        builder.AddBuilder(replay.CreateClient(Builder), o => o.Name = Builder);
        foreach (var name in Auditors)
        {
            builder.AddAuditor(replay.CreateClient(name), o => o.Name = name);
        }

        builder.Configure(o =>
        {
            o.Build.TopK = 2;
            o.Build.MaxIterations = 3;
            o.Build.Verifier = new DemoVerifier();
            o.Audit.Policy = new AuditPolicy { Quorum = AuditQuorum.Majority, VetoSeverity = RiskSeverity.Critical, MaxReviseRounds = 1 };
        });

        await stdout.WriteLineAsync("Convergence demo: the replies below are RECORDED, not live (no keys, no network).");
        string Describe(string name) => replay.GetRecording(name) is var r ? $"{r.Participant} ({r.Provider}/{r.Model})" : name;
        await stdout.WriteLineAsync($"Explorers: {string.Join(", ", Explorers.Select(Describe))}");
        await stdout.WriteLineAsync($"Builder: {Describe(Builder)}; auditors: {string.Join(", ", Auditors.Select(Describe))}");
        await stdout.WriteLineAsync($"Task: {Task}");
        await stdout.WriteLineAsync();

        var request = new ConvergenceRequest(Task) { Context = ReadResource("snippet.txt") };
        var result = await builder.Build().RunAsync(request, cancellationToken);
        return await RunCommand.FinishAsync(result, options, host, Console(options, host));
    }

    /// <summary>
    /// The demo task on local models: up to three of different families, as explorers (no build or audit: a verifier for
    /// a free-form review would be a toy, and small local models make poor auditors). Without a server, say so and how to
    /// start one; the recorded demo is never silently run in its place.
    /// </summary>
    private static async Task<int> RunOllamaAsync(CliOptions options, CliHost host, CancellationToken cancellationToken)
    {
        var found = await OllamaDiscovery.DiscoverAsync(
            new OllamaDiscoveryOptions { Endpoint = host.OllamaEndpoint, GetEnvironmentVariable = host.GetEnvironmentVariable }, cancellationToken);
        await host.Output.WriteLineAsync(found.Message);
        if (!found.Found)
        {
            await host.Output.WriteLineAsync(
                "No local panel to run, so nothing was run (the recorded demo is not a substitute). Start Ollama and pull models of " +
                "different families, e.g. `ollama serve`, then `ollama pull llama3.2`, `ollama pull qwen2.5` and `ollama pull gemma3`, " +
                "and try again; set OLLAMA_HOST if the server is elsewhere. `convergence demo` runs the recorded panel offline.");
            return ExitCodes.Completed;
        }

        var factory = new ProviderChatClientFactory(found.ToSettings(), new ProviderFactoryOptions { GetEnvironmentVariable = host.GetEnvironmentVariable });
        var pipeline = new ConvergencePipelineBuilder()
            .AddParticipants(factory)
            .Configure(static o => o.Resilience.Timeout = TimeSpan.FromMinutes(5))   // a local model on a CPU is slow, not broken
            .Build();
        var runId = $"ollama-{Guid.NewGuid():N}"[..15];
        await host.Output.WriteLineAsync($"run: {runId}");
        await host.Output.WriteLineAsync($"Convergence demo on LOCAL models (live, at {found.Endpoint}): {string.Join(", ", factory.Participants.Select(static p => $"{p.Name} ({p.Provider})"))}");
        await host.Output.WriteLineAsync($"Task: {Task}");
        await host.Output.WriteLineAsync();

        var request = new ConvergenceRequest(Task) { Context = ReadResource("snippet.txt"), RunId = runId };
        var console = Console(options, host);
        RunProgress progress = console is not null
            ? new LiveProgress(console, [.. factory.Participants.Select(static p => (p.Role, new ParticipantIdentity(p.Name, p.Provider, p.Model)))])
            : new PlainProgress(host.Output);
        var result = await progress.RunAsync(pipeline.RunStreamingAsync(request, cancellationToken), cancellationToken);
        return await RunCommand.FinishAsync(result, options, host, console);
    }

    private static Spectre.Console.IAnsiConsole? Console(CliOptions options, CliHost host) =>
        host.IsTerminal && !options.NoProgress ? RunCommand.CreateConsole(host) : null;

    private static string ReadResource(string name)
    {
        using var stream = typeof(DemoCommand).Assembly.GetManifestResourceStream($"Convergence.Cli.Demo.{name}")
            ?? throw new InvalidOperationException($"The demo resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
