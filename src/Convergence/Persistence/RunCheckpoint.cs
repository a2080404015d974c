using System.Collections.Concurrent;

namespace Convergence;

/// <summary>
/// The checkpoint of one run: numbers each participant call (stage, participant, sequence), answers from the store the calls that completed
/// before the run was resumed, and saves each newly completed call.
/// </summary>
internal sealed class RunCheckpoint
{
    private readonly IRunStore? _store;
    private readonly string _runId;
    private readonly Dictionary<string, ParticipantCallRecord> _completed;
    private readonly ConcurrentDictionary<string, int> _sequences = new(StringComparer.Ordinal);
    private int _replayed;

    public RunCheckpoint(IRunStore? store, string runId, IReadOnlyList<ParticipantCallRecord> completed)
    {
        _store = store;
        _runId = runId;
        _completed = new(StringComparer.Ordinal);
        foreach (var call in completed)
        {
            _completed[call.Key] = call;
        }
    }

    public int Replayed => Volatile.Read(ref _replayed);

    public bool IsEnabled => _store is not null;

    /// <summary>The key of the participant's next call in the stage; calls of one participant in one stage are sequential, so keys are stable across runs.</summary>
    public string NextKey(string stage, string participant)
    {
        var prefix = $"{stage}/{participant}";
        var sequence = _sequences.AddOrUpdate(prefix, 1, static (_, current) => current + 1);
        return $"{prefix}/{sequence}";
    }

    public bool TryReplay(string key, out ParticipantCallRecord call)
    {
        if (_completed.TryGetValue(key, out call!))
        {
            _ = Interlocked.Increment(ref _replayed);
            return true;
        }

        return false;
    }

    /// <summary>Saves a completed call. It is saved even when the run is being cancelled: the provider has answered, and the answer is kept.</summary>
    public Task SaveAsync(ParticipantCallRecord call) =>
        _store?.SaveCallAsync(_runId, call, CancellationToken.None) ?? Task.CompletedTask;
}
