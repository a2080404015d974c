namespace Convergence;

/// <summary>The usage of a group of participant calls (one provider's, or one role's): tokens, estimated cost and the number of calls.</summary>
public sealed record UsageSummary
{
    /// <summary>Gets the tokens, summed exactly over the calls.</summary>
    public TokenUsage Usage { get; init; } = TokenUsage.Empty;

    /// <summary>Gets the estimated cost of the calls; <see langword="null"/> when there is no <see cref="ICostEstimator"/> or it knows no price for some call.</summary>
    public decimal? Cost { get; init; }

    /// <summary>Gets the number of calls that completed (calls answered from the run store included).</summary>
    public int Calls { get; init; }
}
