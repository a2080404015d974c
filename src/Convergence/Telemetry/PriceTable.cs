namespace Convergence;

/// <summary>An <see cref="ICostEstimator"/> over prices the user gives, per million input and output tokens, by provider and model.</summary>
/// <remarks>
/// A price set for a provider with no model applies to every model of that provider that has no price of its own (for example <c>0</c> for a local model).
/// Add every price before the pipeline runs; reading is thread-safe once no more prices are added.
/// </remarks>
public sealed class PriceTable : ICostEstimator
{
    private readonly Dictionary<(string Provider, string Model), (decimal Input, decimal Output)> _prices = [];

    /// <summary>Sets the price of a model, or of every model of a provider.</summary>
    /// <param name="provider">The provider, as participants report it (for example <c>openai</c>); compared ignoring case.</param>
    /// <param name="model">The model, or <see langword="null"/> for every model of the provider that has no price of its own.</param>
    /// <param name="inputPerMillionTokens">The price of one million input tokens.</param>
    /// <param name="outputPerMillionTokens">The price of one million output tokens.</param>
    /// <returns>This table.</returns>
    /// <exception cref="ArgumentException"><paramref name="provider"/> is null or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A price is negative.</exception>
    public PriceTable Add(string provider, string? model, decimal inputPerMillionTokens, decimal outputPerMillionTokens)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentOutOfRangeException.ThrowIfNegative(inputPerMillionTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputPerMillionTokens);
        _prices[(provider.ToUpperInvariant(), model?.ToUpperInvariant() ?? string.Empty)] = (inputPerMillionTokens, outputPerMillionTokens);
        return this;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public decimal? EstimateCost(string provider, string model, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(usage);
        var key = provider.ToUpperInvariant();
        if (!_prices.TryGetValue((key, model.ToUpperInvariant()), out var price) && !_prices.TryGetValue((key, string.Empty), out price))
        {
            return null;
        }

        return ((usage.InputTokens * price.Input) + (usage.OutputTokens * price.Output)) / 1_000_000m;
    }
}
