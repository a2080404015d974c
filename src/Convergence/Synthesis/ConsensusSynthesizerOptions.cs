namespace Convergence;

/// <summary>Options of the <see cref="ConsensusSynthesizer"/>.</summary>
public sealed class ConsensusSynthesizerOptions
{
    /// <summary>Gets or sets how much independence participants that share a provider or model get. The default is <see cref="VoteIndependence.PerProvider"/>.</summary>
    public VoteIndependence Independence { get; set; } = VoteIndependence.PerProvider;

    /// <summary>Gets or sets a value indicating whether the result warns when the panel has fewer than two independent providers. The default is <see langword="true"/>.</summary>
    public bool WarnOnMonoculture { get; set; } = true;

    internal void Validate()
    {
        if (!Enum.IsDefined(Independence))
        {
            throw new ArgumentOutOfRangeException(nameof(Independence), Independence, "Unknown independence policy.");
        }
    }
}
