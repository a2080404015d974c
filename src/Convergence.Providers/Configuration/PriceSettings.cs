namespace Convergence.Providers;

/// <summary>One entry of the <c>Convergence:Prices</c> list: what a provider (or one of its models) charges per million tokens.</summary>
/// <remarks>A model's entry wins over its provider's entry (see <see cref="PriceTable"/>).</remarks>
public sealed class PriceSettings
{
    /// <summary>Gets or sets the provider key the price applies to.</summary>
    public string? Provider { get; set; }

    /// <summary>Gets or sets the model the price applies to; unset for every model of the provider.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets the price of a million input tokens.</summary>
    public decimal InputPerMillion { get; set; }

    /// <summary>Gets or sets the price of a million output tokens.</summary>
    public decimal OutputPerMillion { get; set; }
}
