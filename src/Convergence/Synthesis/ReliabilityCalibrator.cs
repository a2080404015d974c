namespace Convergence;

/// <summary>
/// Fits a vote weight per participant from labelled history, and checks by cross-validation whether the weighted ensemble
/// beats the best single participant; when it does not, the profile it returns tells the <see cref="ConsensusSynthesizer"/>
/// to defer to that participant (a mixed panel can be worse than its best member).
/// </summary>
/// <remarks>
/// <para>
/// A participant's accuracy is measured on the items it answered (abstentions are not votes, and not errors), shrunk toward
/// the panel's mean accuracy by <see cref="ReliabilityCalibratorOptions.PriorStrength"/> pseudo-observations:
/// <c>p = (correct + k * prior) / (answered + k)</c>. Its weight is the log-odds <c>ln(p / (1 - p))</c>, floored at 0, so a
/// participant no better than a coin flip has no say.
/// </para>
/// <para>
/// Cross-validation splits the items into folds by position; on each held-out fold it simulates the synthesizer's ranking with
/// weights fitted on the other folds, and, separately, following the participant that was most accurate on the other folds
/// (falling back to the ensemble when that participant abstains). If following is at least as accurate, the profile defers to
/// the participant most accurate on all items. Deterministic; safe for concurrent use.
/// </para>
/// </remarks>
public sealed class ReliabilityCalibrator
{
    private const double MaxAccuracy = 0.999;
    private readonly ReliabilityCalibratorOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ReliabilityCalibrator"/> class.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults. They are copied.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ReliabilityCalibrator(ReliabilityCalibratorOptions? options = null) => _options = (options ?? new()).Snapshot();

    /// <summary>Fits the profile on labelled items.</summary>
    /// <param name="items">The calibration items.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="items"/> is empty.</exception>
    public ReliabilityProfile Fit(IEnumerable<CalibrationItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var all = items.ToArray();
        if (all.Length == 0)
        {
            throw new ArgumentException("At least one calibration item is required.", nameof(items));
        }

        if (Array.IndexOf(all, null) >= 0)
        {
            throw new ArgumentNullException(nameof(items), "The calibration items must not contain null.");
        }

        var folds = Math.Min(_options.Folds, all.Length);
        int ensembleCorrect = 0, followCorrect = 0, evaluated = 0;
        if (folds >= 2)
        {
            for (var fold = 0; fold < folds; fold++)
            {
                var train = all.Where((_, i) => i % folds != fold).ToArray();
                var (weights, _, best) = Estimate(train);
                for (var i = fold; i < all.Length; i += folds)
                {
                    var item = all[i];
                    var ensemble = Predict(item, weights, null);
                    var follow = best is not null && item.Answers.Any(a => a.Participant.Name == best.Name && !IsAbstention(a)) ? Predict(item, weights, best.Name) : ensemble;
                    ensembleCorrect += IsCorrect(item, ensemble) ? 1 : 0;
                    followCorrect += IsCorrect(item, follow) ? 1 : 0;
                    evaluated++;
                }
            }
        }

        var (finalWeights, finalAccuracies, finalBest) = Estimate(all);
        var ensembleAccuracy = evaluated == 0 ? 0 : (double)ensembleCorrect / evaluated;
        var followAccuracy = evaluated == 0 ? 0 : (double)followCorrect / evaluated;
        var defer = evaluated > 0 && finalBest is not null && followAccuracy >= ensembleAccuracy ? finalBest : null;
        return new ReliabilityProfile(finalWeights, finalAccuracies, defer, ensembleAccuracy, followAccuracy, all.Length);
    }

    internal static bool IsAbstention(CalibrationAnswer answer) => string.IsNullOrWhiteSpace(answer.Answer);

    private static bool IsCorrect(CalibrationItem item, string? predicted)
        => predicted is not null && string.Equals(predicted.Trim(), item.Gold.Trim(), StringComparison.OrdinalIgnoreCase);

    private (Dictionary<string, double> Weights, Dictionary<string, double> Accuracies, ParticipantIdentity? Best) Estimate(IReadOnlyList<CalibrationItem> items)
    {
        var answered = new Dictionary<string, int>(StringComparer.Ordinal);
        var correct = new Dictionary<string, int>(StringComparer.Ordinal);
        var identities = new Dictionary<string, ParticipantIdentity>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            foreach (var answer in item.Answers)
            {
                ArgumentNullException.ThrowIfNull(answer);
                _ = identities.TryAdd(answer.Participant.Name, answer.Participant);
                if (IsAbstention(answer))
                {
                    continue;
                }

                answered[answer.Participant.Name] = answered.GetValueOrDefault(answer.Participant.Name) + 1;
                if (IsCorrect(item, answer.Answer))
                {
                    correct[answer.Participant.Name] = correct.GetValueOrDefault(answer.Participant.Name) + 1;
                }
            }
        }

        var totalAnswered = answered.Values.Sum();
        var prior = totalAnswered == 0 ? 0.5 : (double)correct.Values.Sum() / totalAnswered;
        var k = _options.PriorStrength;
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        var accuracies = new Dictionary<string, double>(StringComparer.Ordinal);
        ParticipantIdentity? best = null;
        var bestCorrect = -1;
        foreach (var (name, identity) in identities)
        {
            var n = answered.GetValueOrDefault(name);
            var c = correct.GetValueOrDefault(name);
            var p = n + k == 0 ? prior : (c + (k * prior)) / (n + k);
            p = Math.Clamp(p, 1 - MaxAccuracy, MaxAccuracy);
            accuracies[name] = p;
            weights[name] = Math.Max(0, Math.Log(p / (1 - p)));

            // The best single participant is judged on every item (an abstention is a miss): that is what following it would score.
            if (c > bestCorrect)
            {
                best = identity;
                bestCorrect = c;
            }
        }

        return (weights, accuracies, best);
    }

    private string? Predict(CalibrationItem item, Dictionary<string, double> weights, string? deferTo)
    {
        var panel = new List<ParticipantIdentity>();
        var byAnswer = new Dictionary<string, List<Finding>>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var answer in item.Answers)
        {
            if (IsAbstention(answer))
            {
                continue;
            }

            panel.Add(answer.Participant);
            var key = answer.Answer!.Trim();
            if (!byAnswer.TryGetValue(key, out var findings))
            {
                byAnswer[key] = findings = [];
                order.Add(key);
            }

            findings.Add(new Finding { Id = answer.Participant.Name, Title = key, Source = answer.Participant });
        }

        if (order.Count == 0)
        {
            return null;
        }

        var candidates = order.Select(key => new Candidate { Id = key, Title = key, Findings = byAnswer[key] }).ToArray();
        var profileWeight = (Func<ParticipantIdentity, double>)(p => weights.TryGetValue(p.Name, out var w) ? w : 0);
        var (ranked, _) = ConsensusSynthesizer.Rank(candidates, panel, _options.Independence, profileWeight, deferTo);
        return ranked[0].Title;
    }
}
