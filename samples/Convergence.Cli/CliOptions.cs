namespace Convergence.Cli;

/// <summary>The options of the commands, parsed by hand (the grammar is small and fixed by DESIGN.md).</summary>
internal sealed class CliOptions
{
    public string? Config { get; private set; }

    public string? Task { get; private set; }

    public string? TaskFile { get; private set; }

    public string? Output { get; private set; }

    public string? Report { get; private set; }

    public string? Store { get; private set; }

    public bool NoProgress { get; private set; }

    public bool Ollama { get; private set; }

    /// <summary>Gets the positional arguments (the run id of <c>resume</c>).</summary>
    public IReadOnlyList<string> Arguments { get; private set; } = [];

    public static CliOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new CliOptions();
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value(ReadOnlySpan<string> a) =>
                ++i < a.Length && (a[i] == "-" || !a[i].StartsWith("--", StringComparison.Ordinal))
                    ? a[i]
                    : throw new UsageException($"{a[i - 1]} needs a value");

            switch (args[i])
            {
                case "--config": options.Config = Value(args); break;
                case "--task": options.Task = Value(args); break;
                case "--task-file": options.TaskFile = Value(args); break;
                case "--output": options.Output = Value(args); break;
                case "--report": options.Report = Value(args); break;
                case "--store": options.Store = Value(args); break;
                case "--no-progress": options.NoProgress = true; break;
                case "--ollama": options.Ollama = true; break;
                case var arg when arg.StartsWith('-') && arg != "-":
                    throw new UsageException($"unknown option '{arg}'");
                default: positional.Add(args[i]); break;
            }
        }

        options.Arguments = positional;
        return options;
    }

    /// <summary>Fails with a usage error if an option was given that the command does not take.</summary>
    public void Allow(string command, params string[] allowed)
    {
        void Check(bool given, string name)
        {
            if (given && !allowed.Contains(name))
            {
                throw new UsageException($"{command} does not take {name}");
            }
        }

        Check(Config is not null, "--config");
        Check(Task is not null, "--task");
        Check(TaskFile is not null, "--task-file");
        Check(Output is not null, "--output");
        Check(Report is not null, "--report");
        Check(Store is not null, "--store");
        Check(NoProgress, "--no-progress");
        Check(Ollama, "--ollama");
    }

    /// <summary>Reads the task from --task, --task-file, or stdin when the file is "-".</summary>
    public async Task<string> ReadTaskAsync(TextReader stdin, CancellationToken cancellationToken)
    {
        if (Task is not null && TaskFile is not null)
        {
            throw new UsageException("give either --task or --task-file, not both");
        }

        string? task = Task;
        if (TaskFile is "-")
        {
            task = await stdin.ReadToEndAsync(cancellationToken);
        }
        else if (TaskFile is not null)
        {
            task = File.Exists(TaskFile)
                ? await File.ReadAllTextAsync(TaskFile, cancellationToken)
                : throw new UsageException($"task file not found: {TaskFile}");
        }

        if (task is null)
        {
            throw new UsageException("a task is required: --task TEXT, --task-file FILE, or --task-file - (stdin)");
        }

        return string.IsNullOrWhiteSpace(task) ? throw new UsageException("the task is empty") : task.Trim();
    }
}
