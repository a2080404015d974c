namespace Convergence.Cli;

/// <summary>Progress as plain lines, with no ANSI escapes: for --no-progress, pipes, files and CI logs.</summary>
internal sealed class PlainProgress(TextWriter output) : RunProgress
{
    public override async Task<ConvergenceResult> RunAsync(IAsyncEnumerable<ConvergenceEvent> events, CancellationToken cancellationToken)
    {
        ConvergenceResult? result = null;
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            result = Track(e) ?? result;
            if (Describe(e) is { } line)
            {
                await output.WriteLineAsync(line);
            }
        }

        return result ?? throw new InvalidOperationException("The run ended without a result.");
    }
}
