namespace Convergence;

/// <summary>Options of the <see cref="ReliabilityCalibrator"/>.</summary>
public sealed class ReliabilityCalibratorOptions
{
    /// <summary>Gets or sets how many pseudo-observations of the panel's mean accuracy are added to each participant's record, so that
    /// participants with few answers are shrunk toward the prior. At least 0; the default is 10.</summary>
    public double PriorStrength { get; set; } = 10;

    /// <summary>Gets or sets the number of cross-validation folds used to decide whether the weighted ensemble beats the best single
    /// participant. Between 2 and 50; the default is 5. Folds are assigned by position, so the result is deterministic.</summary>
    public int Folds { get; set; } = 5;

    /// <summary>Gets or sets the independence policy the ensemble is evaluated with; use the one the <see cref="ConsensusSynthesizer"/> uses.
    /// The default is <see cref="VoteIndependence.PerProvider"/>.</summary>
    public VoteIndependence Independence { get; set; } = VoteIndependence.PerProvider;

    internal ReliabilityCalibratorOptions Snapshot()
    {
        if (!(PriorStrength >= 0 && double.IsFinite(PriorStrength)))
        {
            throw new ArgumentOutOfRangeException(nameof(PriorStrength), PriorStrength, "The prior strength must be a finite number of at least 0.");
        }

        if (Folds is < 2 or > 50)
        {
            throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "The number of folds must be between 2 and 50.");
        }

        if (!Enum.IsDefined(Independence))
        {
            throw new ArgumentOutOfRangeException(nameof(Independence), Independence, "Unknown independence policy.");
        }

        return new() { PriorStrength = PriorStrength, Folds = Folds, Independence = Independence };
    }
}
