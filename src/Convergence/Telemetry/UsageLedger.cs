using System.Globalization;

namespace Convergence;

/// <summary>The usage of one run, call by call: totals per provider and per role, the estimated cost, and the budget's verdict.</summary>
/// <remarks>Thread-safe: explorers record into it in parallel.</remarks>
internal sealed class UsageLedger
{
    private readonly Lock _gate = new();
    private readonly ConvergenceBudget _budget;
    private readonly ICostEstimator? _costEstimator;
    private readonly Dictionary<string, UsageSummary> _byProvider = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UsageSummary> _byRole = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UsageSummary> _byParticipant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _providerOrder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _roleOrder = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unpriced = new(StringComparer.Ordinal);
    private TokenUsage _total = TokenUsage.Empty;
    private decimal _cost;
    private bool _costUnknown;

    public UsageLedger(ConvergenceBudget budget, ICostEstimator? costEstimator)
    {
        _budget = budget;
        _costEstimator = costEstimator;
    }

    public TokenUsage Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>Records one call that was answered, and sets its cost.</summary>
    /// <returns>
    /// The participant's cost so far (<see langword="null"/> when unknown), and a warning to add when the call's price is unknown
    /// (once per provider and model), else <see langword="null"/>.
    /// </returns>
    public (decimal? ParticipantCost, string? Warning) Record(ParticipantCall call)
    {
        decimal? cost = _costEstimator?.EstimateCost(call.Provider, call.Model, call.Usage);
        call.Cost = cost;
        lock (_gate)
        {
            _total += call.Usage;
            _costUnknown |= cost is null;
            _cost += cost ?? 0;
            var rank = IndexOf(call);
            Add(_byProvider, _providerOrder, call.Provider, call.Usage, cost, rank);
            Add(_byRole, _roleOrder, call.Participant.Role.Value, call.Usage, cost, rank);
            var participantCost = Add(_byParticipant, order: null, call.Participant.Name, call.Usage, cost, rank).Cost;
            var unpriced = _costEstimator is not null && cost is null && _unpriced.Add($"{call.Provider}/{call.Model}");
            return (participantCost, unpriced
                ? $"The cost estimator has no price for provider '{call.Provider}' model '{call.Model}': the run's cost is unknown" +
                  (_budget.MaxCost is null ? "." : ", and these calls count as free toward Budget.MaxCost.")
                : null);
        }
    }

    /// <summary>Says why no more work may start, or <see langword="null"/> while the budget is not spent.</summary>
    public string? Exhausted()
    {
        if (!_budget.IsLimited)
        {
            return null;
        }

        lock (_gate)
        {
            if (_budget.MaxTokens is { } maxTokens && _total.TotalTokens >= maxTokens)
            {
                return string.Create(CultureInfo.InvariantCulture, $"the token budget of {maxTokens} was spent ({_total.TotalTokens} tokens used)");
            }

            if (_budget.MaxCost is { } maxCost && _cost >= maxCost)
            {
                return string.Create(CultureInfo.InvariantCulture, $"the cost budget of {maxCost} was spent ({_cost:0.######} used)");
            }

            return null;
        }
    }

    public (IReadOnlyDictionary<string, UsageSummary> ByProvider, IReadOnlyDictionary<string, UsageSummary> ByRole, decimal? Cost) Snapshot()
    {
        lock (_gate)
        {
            return (Ordered(_byProvider, _providerOrder), Ordered(_byRole, _roleOrder), _costEstimator is null || _costUnknown ? null : _cost);
        }
    }

    private static int IndexOf(ParticipantCall call)
    {
        var participants = call.Context.Participants;
        for (var i = 0; i < participants.Count; i++)
        {
            if (ReferenceEquals(participants[i], call.Participant))
            {
                return i;
            }
        }

        return participants.Count;
    }

    private static UsageSummary Add(
        Dictionary<string, UsageSummary> sums, Dictionary<string, int>? order, string key, TokenUsage usage, decimal? cost, int rank)
    {
        if (order is not null)
        {
            order[key] = order.TryGetValue(key, out var earlier) ? Math.Min(earlier, rank) : rank;
        }

        if (!sums.TryGetValue(key, out var current))
        {
            current = new UsageSummary { Cost = 0m };
        }

        return sums[key] = new UsageSummary
        {
            Usage = current.Usage + usage,
            Cost = current.Cost is { } sum && cost is { } add ? sum + add : null,
            Calls = current.Calls + 1,
        };
    }

    private static Dictionary<string, UsageSummary> Ordered(Dictionary<string, UsageSummary> sums, Dictionary<string, int> order)
    {
        // A Dictionary enumerates in insertion order while nothing is removed, so the result lists keys in the order of the first
        // participant (in registration order) that used them: deterministic, although parallel calls complete in any order.
        var ordered = new Dictionary<string, UsageSummary>(sums.Count, StringComparer.Ordinal);
        foreach (var key in order.OrderBy(static p => p.Value).ThenBy(static p => p.Key, StringComparer.Ordinal).Select(static p => p.Key))
        {
            ordered[key] = sums[key];
        }

        return ordered;
    }
}
