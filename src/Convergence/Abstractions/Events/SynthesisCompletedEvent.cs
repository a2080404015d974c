namespace Convergence;

/// <summary>Synthesis produced the ranked candidates.</summary>
public sealed class SynthesisCompletedEvent : ConvergenceEvent
{
    /// <summary>Initializes a new instance of the <see cref="SynthesisCompletedEvent"/> class.</summary>
    /// <param name="runId">The run the event belongs to.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="candidates">The candidates, best first.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public SynthesisCompletedEvent(string runId, DateTimeOffset timestamp, IReadOnlyList<Candidate> candidates)
        : base(runId, timestamp)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        Candidates = candidates;
    }

    /// <summary>Gets the candidates, best first.</summary>
    public IReadOnlyList<Candidate> Candidates { get; }
}
