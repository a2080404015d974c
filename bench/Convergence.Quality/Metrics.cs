namespace Convergence.Quality;

/// <summary>Binary classification metrics at a threshold.</summary>
internal readonly record struct Metrics(double Threshold, double Precision, double Recall, double F1, double Accuracy, int Pairs)
{
    public static Metrics At(IReadOnlyList<double> scores, IReadOnlyList<LabelledPair> pairs, double threshold)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            var predicted = scores[i] >= threshold;
            (tp, fp, fn, tn) = (predicted, pairs[i].Duplicate) switch
            {
                (true, true) => (tp + 1, fp, fn, tn),
                (true, false) => (tp, fp + 1, fn, tn),
                (false, true) => (tp, fp, fn + 1, tn),
                _ => (tp, fp, fn, tn + 1),
            };
        }

        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new(threshold, precision, recall, f1, (double)(tp + tn) / pairs.Count, pairs.Count);
    }

    /// <summary>The threshold that maximises Youden's J (recall + specificity - 1), which, unlike F1, does not depend on the share of
    /// duplicates in the tuning file; so it transfers to data with another base rate. Ties: the higher threshold.</summary>
    public static Metrics BestBalanced(IReadOnlyList<double> scores, IReadOnlyList<LabelledPair> pairs)
    {
        var positives = pairs.Count(p => p.Duplicate);
        var negatives = pairs.Count - positives;
        var order = Enumerable.Range(0, pairs.Count).OrderByDescending(i => scores[i]).ToArray();
        int tp = 0, fp = 0;
        var bestJ = double.NegativeInfinity;
        var bestThreshold = scores[order[0]] + 1e-9;
        for (var k = 0; k < order.Length; k++)
        {
            if (pairs[order[k]].Duplicate) { tp++; } else { fp++; }
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) { continue; }
            var j = ((double)tp / Math.Max(1, positives)) - ((double)fp / Math.Max(1, negatives));
            if (j > bestJ)
            {
                bestJ = j;
                bestThreshold = k + 1 < order.Length ? (scores[order[k]] + scores[order[k + 1]]) / 2 : scores[order[k]];
            }
        }

        return At(scores, pairs, bestThreshold);
    }

    /// <summary>The threshold that maximises F1 on these pairs (ties: the higher threshold), midway between adjacent scores.</summary>
    public static Metrics Best(IReadOnlyList<double> scores, IReadOnlyList<LabelledPair> pairs)
    {
        var distinct = scores.Distinct().Order().ToArray();
        var best = At(scores, pairs, distinct[0]);
        for (var k = 1; k < distinct.Length; k++)
        {
            var threshold = (distinct[k - 1] + distinct[k]) / 2;
            var m = At(scores, pairs, threshold);
            if (m.F1 >= best.F1)
            {
                best = m;
            }
        }

        return best;
    }
}
