namespace Convergence;

/// <summary>
/// Per-participant reliability measured on labelled history by a <see cref="ReliabilityCalibrator"/>: a vote weight for each
/// participant and, when the weighted ensemble did not beat the best single participant in cross-validation, that participant
/// to defer to. Give it to <see cref="ConsensusSynthesizerOptions.Reliability"/>.
/// </summary>
public sealed class ReliabilityProfile
{
    internal ReliabilityProfile(
        IReadOnlyDictionary<string, double> weights,
        IReadOnlyDictionary<string, double> accuracies,
        ParticipantIdentity? deferTo,
        double ensembleAccuracy,
        double bestSingleAccuracy,
        int items)
    {
        Weights = weights;
        Accuracies = accuracies;
        DeferTo = deferTo;
        CrossValidatedEnsembleAccuracy = ensembleAccuracy;
        CrossValidatedBestSingleAccuracy = bestSingleAccuracy;
        Items = items;
    }

    /// <summary>Gets the vote weight of each participant, by name: the log-odds of its shrunk accuracy, at least 0.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; }

    /// <summary>Gets each participant's shrunk accuracy on the items it answered, by name.</summary>
    public IReadOnlyDictionary<string, double> Accuracies { get; }

    /// <summary>Gets the participant to defer to, or <see langword="null"/> when the weighted ensemble was at least as accurate as the best
    /// single participant in cross-validation.</summary>
    public ParticipantIdentity? DeferTo { get; }

    /// <summary>Gets the weighted ensemble's accuracy in cross-validation on the calibration items.</summary>
    public double CrossValidatedEnsembleAccuracy { get; }

    /// <summary>Gets the accuracy, in cross-validation, of following the participant that was best on the training folds (falling
    /// back to the ensemble when it abstains).</summary>
    public double CrossValidatedBestSingleAccuracy { get; }

    /// <summary>Gets the number of calibration items.</summary>
    public int Items { get; }

    /// <summary>Gets the weight of a participant: its calibrated weight, or the mean of the known weights for a participant not in the
    /// calibration data.</summary>
    /// <param name="participant">The participant.</param>
    /// <returns>The weight.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="participant"/> is <see langword="null"/>.</exception>
    public double WeightOf(ParticipantIdentity participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (Weights.TryGetValue(participant.Name, out var weight))
        {
            return weight;
        }

        return Weights.Count == 0 ? 1 : Weights.Values.Average();
    }
}
