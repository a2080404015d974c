namespace Convergence.Tests.TestDoubles;

/// <summary>A run store that signals each saved call, so a test can wait for a checkpoint instead of for a time.</summary>
internal sealed class SignallingRunStore(IRunStore inner, int signalAfterCalls) : IRunStore
{
    private int _saved;

    public TaskCompletionSource CallsSaved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task SaveRunAsync(RunRecord run, CancellationToken cancellationToken = default) => inner.SaveRunAsync(run, cancellationToken);

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => inner.GetRunAsync(runId, cancellationToken);

    public async Task SaveCallAsync(string runId, ParticipantCallRecord record, CancellationToken cancellationToken = default)
    {
        await inner.SaveCallAsync(runId, record, cancellationToken);
        if (Interlocked.Increment(ref _saved) >= signalAfterCalls)
        {
            _ = CallsSaved.TrySetResult();
        }
    }

    public Task<IReadOnlyList<ParticipantCallRecord>> GetCallsAsync(string runId, CancellationToken cancellationToken = default) =>
        inner.GetCallsAsync(runId, cancellationToken);
}
