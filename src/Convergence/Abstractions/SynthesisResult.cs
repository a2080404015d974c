namespace Convergence;

/// <summary>The output of an <see cref="ISynthesizer"/>: candidates and warnings.</summary>
public sealed class SynthesisResult
{
    /// <summary>Initializes a new instance of the <see cref="SynthesisResult"/> class.</summary>
    /// <param name="candidates">The synthesized candidates.</param>
    /// <param name="warnings">Warnings for the run's result, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="candidates"/> is <see langword="null"/>.</exception>
    public SynthesisResult(IReadOnlyList<Candidate> candidates, IReadOnlyList<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        Candidates = candidates;
        Warnings = warnings ?? [];
    }

    /// <summary>Gets the synthesized candidates.</summary>
    public IReadOnlyList<Candidate> Candidates { get; }

    /// <summary>Gets warnings for the run's result (for example a monoculture warning).</summary>
    public IReadOnlyList<string> Warnings { get; }
}
