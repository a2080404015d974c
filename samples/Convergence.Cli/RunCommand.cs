using System.Globalization;
using Spectre.Console;

namespace Convergence.Cli;

/// <summary><c>run</c> and <c>resume</c>: a pipeline described by a configuration file.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(CliOptions options, CliHost host, CancellationToken cancellationToken)
    {
        options.Allow("run", "--config", "--task", "--task-file", "--output", "--report", "--store", "--no-progress");
        if (options.Arguments.Count > 0)
        {
            throw new UsageException($"unexpected argument '{options.Arguments[0]}'");
        }

        var configuration = PipelineConfiguration.Load(options.Config, host);
        var task = await options.ReadTaskAsync(host.Input, cancellationToken);
        var pipeline = configuration.CreatePipeline(host, options.Store);
        var runId = NewRunId();
        await host.Output.WriteLineAsync($"run: {runId}");
        var request = new ConvergenceRequest(task) { RunId = runId };

        var live = host.IsTerminal && !options.NoProgress;
        var console = live ? CreateConsole(host) : null;
        RunProgress progress = console is not null
            ? new LiveProgress(console, [.. configuration.Factory.Participants.Select(static p => (p.Role, new ParticipantIdentity(p.Name, p.Provider, p.Model)))])
            : new PlainProgress(host.Output);
        ConvergenceResult result;
        try
        {
            result = await progress.RunAsync(pipeline.RunStreamingAsync(request, cancellationToken), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReportCancelledAsync(host, options, runId);
            return ExitCodes.Cancelled;
        }

        return await FinishAsync(result, options, host, console);
    }

    public static async Task<int> ResumeAsync(CliOptions options, CliHost host, CancellationToken cancellationToken)
    {
        options.Allow("resume", "--config", "--store", "--output", "--report", "--no-progress");
        if (options.Arguments.Count != 1)
        {
            throw new UsageException("resume needs exactly one RUN_ID: convergence resume RUN_ID --config FILE --store DIR");
        }

        var runId = options.Arguments[0];
        if (options.Store is null)
        {
            throw new UsageException("resume needs --store DIR (the store the run was checkpointed in)");
        }

        var configuration = PipelineConfiguration.Load(options.Config, host);
        var pipeline = configuration.CreatePipeline(host, options.Store);
        var store = new FileRunStore(Path.GetFullPath(options.Store));
        int saved;
        try
        {
            _ = await store.GetRunAsync(runId, cancellationToken)
                ?? throw new UsageException($"the store {options.Store} has no run '{runId}'");
            saved = (await store.GetCallsAsync(runId, cancellationToken)).Count;
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
        {
            throw new UsageException(ex.Message.ReplaceLineEndings(" "));
        }

        await host.Output.WriteLineAsync($"run: {runId}");
        await host.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"resuming from {options.Store}: {saved} completed call(s) are replayed from the store, not repeated"));
        ConvergenceResult result;
        try
        {
            result = await pipeline.ResumeAsync(runId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReportCancelledAsync(host, options, runId);
            return ExitCodes.Cancelled;
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message.ReplaceLineEndings(" "));
        }

        var console = host.IsTerminal && !options.NoProgress ? CreateConsole(host) : null;
        return await FinishAsync(result, options, host, console);
    }

    /// <summary>The summary, --output and --report; then the exit code (3 when the quorum was not reached).</summary>
    internal static async Task<int> FinishAsync(ConvergenceResult result, CliOptions options, CliHost host, IAnsiConsole? console)
    {
        // The output is written first, and also when the quorum failed: the findings that did arrive are kept.
        if (options.Output is not null)
        {
            await WriteFileAsync(options.Output, ConvergenceJsonUtilities.Serialize(result));
        }

        if (options.Report is not null)
        {
            await WriteFileAsync(options.Report, ReportWriter.Create(result));
        }

        await host.Output.WriteLineAsync();
        if (console is not null)
        {
            console.Write(CandidateTable.Create(result));
            await ResultPrinter.PrintAsync(result, host.Output, candidates: false);
        }
        else
        {
            await ResultPrinter.PrintAsync(result, host.Output);
        }

        if (options.Output is not null)
        {
            await host.Output.WriteLineAsync($"result: {options.Output}");
        }

        if (options.Report is not null)
        {
            await host.Output.WriteLineAsync($"report: {options.Report}");
        }

        if (result.Status == RunStatus.Failed)
        {
            await host.Error.WriteLineAsync("convergence: the run did not reach its quorum (exit 3); the findings that arrived are in the result");
            return ExitCodes.QuorumFailed;
        }

        return ExitCodes.Completed;
    }

    private static async Task ReportCancelledAsync(CliHost host, CliOptions options, string runId)
    {
        var line = options.Store is null
            ? $"convergence: run {runId} cancelled; nothing was kept (give --store DIR to be able to resume)"
            : $"convergence: run {runId} cancelled; what was done is kept in {options.Store}. Continue with: convergence resume {runId} --config {options.Config} --store {options.Store}";
        await host.Error.WriteLineAsync(line);
    }

    private static async Task WriteFileAsync(string path, string content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        // Not the caller's token: a result that exists is written even as Ctrl+C arrives.
        await File.WriteAllTextAsync(path, content, CancellationToken.None);
    }

    internal static IAnsiConsole CreateConsole(CliHost host) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(host.Output),
        Ansi = AnsiSupport.Detect,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = InteractionSupport.Detect,
    });

    private static string NewRunId() =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmss}-{Guid.NewGuid():N}")[..24];
}
