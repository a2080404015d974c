using Convergence.Testing;

namespace Convergence.Cli;

/// <summary>
/// The offline demo: the real pipeline over recorded replies of a five-model panel from four providers, reviewing a
/// C# method for defects. No keys, no network.
/// </summary>
internal static class DemoCommand
{
    private const string Builder = "claude-builder";

    private static readonly string[] Explorers = ["gpt", "gpt-security", "claude", "gemini", "llama"];

    private static readonly string[] Auditors = ["gpt-auditor", "gemini-auditor"];

    public const string Task = "Review this C# method for defects that matter in production: security, correctness, resource use, concurrency.";

    public static async Task<ConvergenceResult> RunAsync(CliOptions options, TextWriter stdout, CancellationToken cancellationToken)
    {
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
        await ResultPrinter.PrintAsync(result, stdout);
        if (options.Output is not null)
        {
            await File.WriteAllTextAsync(options.Output, ConvergenceJsonUtilities.Serialize(result), cancellationToken);
        }

        return result;
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(DemoCommand).Assembly.GetManifestResourceStream($"Convergence.Cli.Demo.{name}")
            ?? throw new InvalidOperationException($"The demo resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
