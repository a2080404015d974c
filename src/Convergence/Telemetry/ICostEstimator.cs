namespace Convergence;

/// <summary>Estimates what a participant call cost, from the provider, the model and the tokens it used. The user supplies the prices: none are built in, because they change.</summary>
/// <remarks>
/// Called once for each participant call that completed, from the task that made the call; implementations must be thread-safe and quick, and must not throw.
/// Set it with <see cref="ConvergencePipelineOptions.CostEstimator"/>, or register it as a service. <see cref="PriceTable"/> is a ready-made one.
/// </remarks>
public interface ICostEstimator
{
    /// <summary>Estimates the cost of one call.</summary>
    /// <param name="provider">The provider that answered.</param>
    /// <param name="model">The model that answered (an empty string when unknown).</param>
    /// <param name="usage">The tokens the call used.</param>
    /// <returns>The cost, in whatever currency the prices are in; <see langword="null"/> when the price is unknown (the run's cost is then unknown too).</returns>
    decimal? EstimateCost(string provider, string model, TokenUsage usage);
}
