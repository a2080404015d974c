namespace Convergence.Cli;

/// <summary>Parses the command line and runs a command; maps outcomes to the contract's exit codes.</summary>
internal static class CliApp
{
    public const string Usage = """
        usage:
          convergence demo                                  offline, no keys: recorded replies of a five-model panel
          convergence run --config FILE (--task TEXT | --task-file FILE) [--output result.json] [--no-progress]
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                await stdout.WriteLineAsync(Usage);
                return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Completed;
            }

            var options = CliOptions.Parse(args.AsSpan(1));
            var result = args[0] switch
            {
                "demo" => await DemoCommand.RunAsync(options, stdout, cancellationToken),
                "run" => await RunCommand.RunAsync(options, stdout, cancellationToken),
                _ => throw new UsageException($"unknown command '{args[0]}' (expected demo or run)"),
            };

            return result.Status == RunStatus.Failed ? ExitCodes.QuorumFailed : ExitCodes.Completed;
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"convergence: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("convergence: cancelled");
            return ExitCodes.Cancelled;
        }
    }
}
