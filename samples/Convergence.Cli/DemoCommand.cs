using Convergence.Testing;

namespace Convergence.Cli;

/// <summary>
/// The offline demo: the real pipeline over recorded replies of a five-model panel from four providers, reviewing a
/// C# method for defects. No keys, no network.
/// </summary>
internal static class DemoCommand
{
    public const string Task = "Review this C# method for defects that matter in production: security, correctness, resource use, concurrency.";

    public static async Task<ConvergenceResult> RunAsync(CliOptions options, TextWriter stdout, CancellationToken cancellationToken)
    {
        var replay = ReplayFile.Parse(ReadResource("demo-replay.json"));
        var builder = new ConvergencePipelineBuilder();
        foreach (var recording in replay.Recordings!)
        {
            builder.AddExplorer(replay.CreateClient(recording.Participant!), o => o.Name = recording.Participant);
        }

        await stdout.WriteLineAsync("Convergence demo: the replies below are RECORDED, not live (no keys, no network).");
        await stdout.WriteLineAsync($"Panel: {string.Join(", ", replay.Recordings!.Select(r => $"{r.Participant} ({r.Provider}/{r.Model})"))}");
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
