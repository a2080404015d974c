namespace Convergence;

/// <summary>Runs a loop over [0, count) as a few contiguous slices, one task each, so per-slice buffers are set up once.</summary>
internal static class PartitionedLoop
{
    /// <summary>Calls <paramref name="body"/> with (part, from, to) for <paramref name="parts"/> near-equal slices of [0,
    /// <paramref name="count"/>): in parallel on up to every core, or on the calling thread when there is one part.</summary>
    /// <param name="count">The number of items.</param>
    /// <param name="parts">The number of slices, at least 1.</param>
    /// <param name="body">Processes items from (inclusive) to (exclusive) of one part.</param>
    /// <param name="cancellationToken">Stops starting further parts.</param>
    public static void For(int count, int parts, Action<int, int, int> body, CancellationToken cancellationToken = default)
    {
        if (parts <= 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            body(0, 0, count);
            return;
        }

        _ = Parallel.For(
            0,
            parts,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            part => body(part, (int)((long)count * part / parts), (int)((long)count * (part + 1) / parts)));
    }
}
