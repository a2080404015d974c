namespace Convergence;

/// <summary>Options of the <see cref="ConsensusSynthesizer"/>.</summary>
public sealed class ConsensusSynthesizerOptions
{
    /// <summary>Gets or sets how much independence participants that share a provider or model get. The default is <see cref="VoteIndependence.PerProvider"/>.</summary>
    public VoteIndependence Independence { get; set; } = VoteIndependence.PerProvider;

    /// <summary>Gets or sets a value indicating whether the result warns when the panel has fewer than two independent providers. The default is <see langword="true"/>.</summary>
    public bool WarnOnMonoculture { get; set; } = true;

    /// <summary>Gets or sets a custom weight for each participant's vote (at least 0 and finite), or <see langword="null"/> for equal weights (the default).
    /// The independence policy still applies: a voice that several participants share carries its strongest member's weight.
    /// With <see cref="Reliability"/> also set, the two weights are multiplied.</summary>
    public Func<VoteWeightArguments, double>? VoteWeight { get; set; }

    /// <summary>Gets or sets the participants' measured reliability (from <see cref="ReliabilityCalibrator.Fit"/>), or <see langword="null"/>
    /// for none (the default). Votes are weighted by it, and when it says so the synthesizer defers to the best participant.</summary>
    public ReliabilityProfile? Reliability { get; set; }

    internal void Validate()
    {
        if (!Enum.IsDefined(Independence))
        {
            throw new ArgumentOutOfRangeException(nameof(Independence), Independence, "Unknown independence policy.");
        }
    }
}
