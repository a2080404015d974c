namespace Convergence.Cli;

/// <summary>The options of the run-style commands.</summary>
internal sealed class CliOptions
{
    public string? Config { get; private set; }

    public string? Task { get; private set; }

    public string? TaskFile { get; private set; }

    public string? Output { get; private set; }

    public bool NoProgress { get; private set; }

    public static CliOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new CliOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value(ReadOnlySpan<string> a) =>
                ++i < a.Length ? a[i] : throw new UsageException($"{a[i - 1]} needs a value");

            switch (args[i])
            {
                case "--config": options.Config = Value(args); break;
                case "--task": options.Task = Value(args); break;
                case "--task-file": options.TaskFile = Value(args); break;
                case "--output": options.Output = Value(args); break;
                case "--no-progress": options.NoProgress = true; break;
                default: throw new UsageException($"unknown option '{args[i]}'");
            }
        }

        return options;
    }

    /// <summary>Reads the task from --task, --task-file, or stdin when the file is "-".</summary>
    public async Task<string> ReadTaskAsync(CancellationToken cancellationToken)
    {
        if (Task is not null && TaskFile is not null)
        {
            throw new UsageException("give either --task or --task-file, not both");
        }

        if (TaskFile is "-")
        {
            return await Console.In.ReadToEndAsync(cancellationToken);
        }

        if (TaskFile is not null)
        {
            return File.Exists(TaskFile)
                ? await File.ReadAllTextAsync(TaskFile, cancellationToken)
                : throw new UsageException($"task file not found: {TaskFile}");
        }

        return string.IsNullOrWhiteSpace(Task) ? throw new UsageException("a task is required: --task TEXT or --task-file FILE") : Task;
    }
}
