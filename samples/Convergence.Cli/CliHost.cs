using System.Collections;

namespace Convergence.Cli;

/// <summary>
/// What the CLI reads from and writes to: the console in production, strings in tests. Keeping the process's console
/// and environment behind this seam lets the tests run the whole CLI in process.
/// </summary>
internal sealed class CliHost
{
    public CliHost(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Gets or sets where <c>--task-file -</c> reads from.</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>Gets or sets a value indicating whether stdout is a terminal, where live progress and tables may be drawn.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>Gets or sets the environment variables (API keys, <c>OLLAMA_HOST</c>, <c>Convergence__…</c> overrides).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the Ollama discovery endpoint override (tests point it at a closed port).</summary>
    public Uri? OllamaEndpoint { get; init; }

    public string? GetEnvironmentVariable(string name) => Environment.TryGetValue(name, out var value) ? value : null;

    /// <summary>The host of the real process: the console, its environment, and a terminal check on stdout.</summary>
    public static CliHost FromConsole()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                environment[key] = value;
            }
        }

        return new CliHost(Console.Out, Console.Error)
        {
            Input = Console.In,
            IsTerminal = !Console.IsOutputRedirected && System.Environment.GetEnvironmentVariable("TERM") is not "dumb",
            Environment = environment,
        };
    }
}
