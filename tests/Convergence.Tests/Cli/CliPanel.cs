using Convergence.Cli;

namespace Convergence.Tests.Cli;

/// <summary>
/// A temporary folder with a replay panel and a configuration file, and a way to run the CLI in process against it.
/// Explorers: gpt (openai), claude (anthropic), gemini (google), and llama (ollama), whose reply has no JSON.
/// </summary>
internal sealed class CliPanel : IDisposable
{
    public const string FakeKey = "sk-fake-cli-test-0123456789abcdef";

    public CliPanel(string? replay = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "convergence-cli-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "panel.replay.json"), replay ?? Replay());
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public static string Finding(string title, string detail) => $$"""{"title": "{{title}}", "detail": "{{detail}}", "confidence": 0.9}""";

    public static string Explorer(string name, string provider, string findings, int delayMs = 0, bool loop = true) => $$"""
        {"participant": "{{name}}", "provider": "{{provider}}", "model": "{{name}}-model", "loop": {{(loop ? "true" : "false")}},
         "replies": [{"text": "{{System.Text.Json.JsonEncodedText.Encode("{\"findings\": [" + findings + "]}")}}", "inputTokens": 100, "outputTokens": 40, "delayMs": {{delayMs}}}]}
        """;

    public static string Replay(int gptDelayMs = 0, bool loop = true, string? gptFindings = null) => $$"""
        {"recordings": [
          {{Explorer("gpt", "openai", gptFindings ?? Finding("SQL injection", "The query concatenates input.") + "," + Finding("No size limit", "Uploads are unbounded."), gptDelayMs, loop)}},
          {{Explorer("claude", "anthropic", Finding("SQL injection", "Input flows into the SQL text.") + "," + Finding("Blocking read", "Read is synchronous."), loop: loop)}},
          {{Explorer("gemini", "google", Finding("SQL Injection.", "Parameterise the query.") + "," + Finding("No size limit", "Enforce a limit."), loop: loop)}},
          {"participant": "llama", "provider": "ollama", "model": "llama3.2", "loop": true,
           "replies": [{"text": "Looks fine to me.", "inputTokens": 80, "outputTokens": 5}]},
          {"participant": "builder", "provider": "anthropic", "model": "builder-model", "loop": true,
           "replies": [{"text": "var command = new SqlCommand(\"SELECT Id FROM Users WHERE Name = @name\");", "inputTokens": 300, "outputTokens": 60}]}
        ]}
        """;

    /// <summary>Writes a configuration file; <paramref name="extra"/> is added inside the Convergence section.</summary>
    public string WriteConfig(string? extra = null, string explorers = """["gpt", "claude", "gemini", "llama"]""", string? providers = null, string name = "convergence.json")
    {
        var names = System.Text.Json.JsonDocument.Parse(explorers).RootElement.EnumerateArray().Select(static e => e.GetString()!);
        var json = $$$"""
            {"Convergence": {
              "Providers": {{{providers ?? """{"recorded": {"Type": "replay", "Path": "panel.replay.json"}}"""}}},
              "Explorers": [{{{string.Join(", ", names.Select(static n => $$"""{"Name": "{{n}}", "Provider": "recorded"}"""))}}}]{{{(extra is null ? string.Empty : ",\n  " + extra)}}}
            }}
            """;
        var path = PathOf(name);
        File.WriteAllText(path, json);
        return path;
    }

    public static async Task<CliRun> RunAsync(
        string[] args, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null, bool terminal = false, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var host = new CliHost(output, error)
        {
            Input = new StringReader(stdin ?? string.Empty),
            IsTerminal = terminal,
            Environment = environment ?? new Dictionary<string, string>(StringComparer.Ordinal),
            OllamaEndpoint = new Uri("http://127.0.0.1:9/"),
        };
        var exitCode = await CliApp.RunAsync(args, host, cancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string FirstLine => Output.Split('\n')[0].TrimEnd('\r');

    public string RunId => FirstLine.StartsWith("run: ", StringComparison.Ordinal) ? FirstLine["run: ".Length..] : throw new InvalidOperationException($"No run line: {Output}");
}
