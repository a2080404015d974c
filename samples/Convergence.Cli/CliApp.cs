namespace Convergence.Cli;

/// <summary>Parses the command line and runs a command; maps outcomes to the contract's exit codes.</summary>
internal static class CliApp
{
    public const string Usage = """
        usage:
          convergence demo [--output result.json] [--report report.md]
                                  offline, no keys: recorded replies of a five-model panel
          convergence demo --ollama
                                  the demo task on up to 3 local Ollama models of different families
          convergence run --config FILE (--task TEXT | --task-file FILE|-) [--output result.json] [--report report.md] [--store DIR] [--no-progress]
          convergence resume RUN_ID --config FILE --store DIR [--output result.json] [--report report.md]

        exit codes: 0 completed (failed participants are reported), 2 bad usage or configuration,
                    3 quorum not reached, 130 cancelled (what was done is kept in --store)
        docs: https://github.com/convergence-dotnet/convergence/blob/main/docs/cli.md
        """;

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, new CliHost(stdout, stderr), cancellationToken);

    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                await (args.Length == 0 ? host.Error : host.Output).WriteLineAsync(Usage);
                return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Completed;
            }

            var options = CliOptions.Parse(args.AsSpan(1));
            return args[0] switch
            {
                "demo" => await DemoCommand.RunAsync(options, host, cancellationToken),
                "run" => await RunCommand.RunAsync(options, host, cancellationToken),
                "resume" => await RunCommand.ResumeAsync(options, host, cancellationToken),
                _ => throw new UsageException($"unknown command '{args[0]}' (expected demo, run or resume; --help shows usage)"),
            };
        }
        catch (UsageException ex)
        {
            await host.Error.WriteLineAsync($"convergence: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await host.Error.WriteLineAsync("convergence: cancelled");
            return ExitCodes.Cancelled;
        }
    }
}
