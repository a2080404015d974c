namespace Convergence;

/// <summary>Turns candidates into fewer, better candidates: deduplicates them, ranks them by consensus, or both.</summary>
/// <remarks>
/// Synthesizers compose (see <see cref="CompositeSynthesizer"/>): each takes the candidates the previous one returned.
/// The first synthesizer of a run receives one candidate per finding. Implementations must be safe for concurrent use,
/// must not drop a candidate silently (dissent is kept), and must be deterministic for the same input.
/// </remarks>
public interface ISynthesizer
{
    /// <summary>Synthesizes the request's candidates.</summary>
    /// <param name="request">The candidates, the panel that produced them, and the task.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The synthesized candidates, best first when the synthesizer ranks them, and any warnings.</returns>
    Task<SynthesisResult> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken = default);
}
