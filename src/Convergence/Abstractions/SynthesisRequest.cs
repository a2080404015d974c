namespace Convergence;

/// <summary>The input of an <see cref="ISynthesizer"/>: candidates, the panel that produced them, and the task.</summary>
public sealed class SynthesisRequest
{
    /// <summary>Initializes a new instance of the <see cref="SynthesisRequest"/> class.</summary>
    /// <param name="candidates">The candidates to synthesize.</param>
    /// <param name="panel">The explorers that answered; participants that abstained (failed or returned nothing usable) are not in it.</param>
    /// <param name="task">The task of the run.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public SynthesisRequest(IReadOnlyList<Candidate> candidates, IReadOnlyList<ParticipantIdentity> panel, string task)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(task);
        Candidates = candidates;
        Panel = panel;
        Task = task;
    }

    /// <summary>Gets the candidates to synthesize.</summary>
    public IReadOnlyList<Candidate> Candidates { get; }

    /// <summary>Gets the explorers that answered (the voices that can support a candidate).</summary>
    public IReadOnlyList<ParticipantIdentity> Panel { get; }

    /// <summary>Gets the task of the run.</summary>
    public string Task { get; }

    /// <summary>Creates a request with other candidates and the same panel and task.</summary>
    /// <param name="candidates">The candidates.</param>
    /// <returns>The new request.</returns>
    public SynthesisRequest WithCandidates(IReadOnlyList<Candidate> candidates) => new(candidates, Panel, Task);
}
