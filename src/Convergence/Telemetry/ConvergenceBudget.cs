namespace Convergence;

/// <summary>The most a run may spend, in tokens and/or in cost. Once it is spent the pipeline starts no more work: no new participant call and no new stage that calls participants.</summary>
/// <remarks>
/// <para>
/// The budget is checked before each participant call (every attempt of a call counts as one call: retries, backups and repair requests are
/// inside it) and before each stage. A call starts only while the run has spent less than the budget, so the run can go over it by at most
/// what the calls already in flight spend (explorers start in parallel; limit <see cref="ExploreOptions.MaxDegreeOfParallelism"/> to tighten it).
/// Calls in flight are never cancelled: what they return is kept.
/// </para>
/// <para>
/// A participant that is not started is reported failed with <see cref="ParticipantErrorKind.Budget"/>; stages that are skipped are named in a warning;
/// the result is then at best <see cref="RunStatus.Partial"/>. The synthesize stage still runs on what arrived, because it calls no participant.
/// </para>
/// </remarks>
public sealed class ConvergenceBudget
{
    /// <summary>Gets or sets the most tokens (input plus output, as <see cref="TokenUsage.TotalTokens"/>) a run may use; <see langword="null"/> (the default) for no limit.</summary>
    public long? MaxTokens { get; set; }

    /// <summary>Gets or sets the most a run may cost, as the <see cref="ConvergencePipelineOptions.CostEstimator"/> estimates it; <see langword="null"/> (the default) for no limit.</summary>
    /// <remarks>Needs a cost estimator. A call whose price is unknown counts as costing nothing toward this limit, and a warning says so.</remarks>
    public decimal? MaxCost { get; set; }

    internal bool IsLimited => MaxTokens is not null || MaxCost is not null;

    internal void Validate(bool hasCostEstimator)
    {
        if (MaxTokens is { } tokens)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokens, "Budget.MaxTokens");
        }

        if (MaxCost is { } cost)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cost, "Budget.MaxCost");
            if (!hasCostEstimator)
            {
                throw new ArgumentException(
                    "Budget.MaxCost needs a cost estimator: set ConvergencePipelineOptions.CostEstimator (for example a PriceTable) or register an ICostEstimator service.");
            }
        }
    }
}
