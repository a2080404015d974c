namespace Convergence.Cli;

/// <summary>Runs a pipeline described by a configuration file.</summary>
internal static class RunCommand
{
    public static Task<ConvergenceResult> RunAsync(CliOptions options, TextWriter stdout, CancellationToken cancellationToken) =>
        throw new UsageException("run is not wired yet");
}
