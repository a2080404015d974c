namespace Convergence;

/// <summary>The arguments of <see cref="ConsensusSynthesizerOptions.VoteWeight"/>: the participant whose vote is weighed, and the panel.</summary>
/// <remarks>A struct, as Polly's callback arguments are, so that members can be added without breaking callers.</remarks>
public readonly struct VoteWeightArguments
{
    /// <summary>Initializes a new instance of the <see cref="VoteWeightArguments"/> struct.</summary>
    /// <param name="participant">The participant whose vote is weighed.</param>
    /// <param name="panel">The panel: the explorers that answered.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public VoteWeightArguments(ParticipantIdentity participant, IReadOnlyList<ParticipantIdentity> panel)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(panel);
        Participant = participant;
        Panel = panel;
    }

    /// <summary>Gets the participant whose vote is weighed.</summary>
    public ParticipantIdentity Participant { get; }

    /// <summary>Gets the panel: the explorers that answered.</summary>
    public IReadOnlyList<ParticipantIdentity> Panel { get; }
}
