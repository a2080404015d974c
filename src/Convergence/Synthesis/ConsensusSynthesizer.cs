using System.Globalization;

namespace Convergence;

/// <summary>Scores and ranks candidates by the share of the panel's <em>independent</em> voices that support them.</summary>
/// <remarks>
/// <para>
/// Every provider in the panel has one vote. Under <see cref="VoteIndependence.PerProvider"/> (the default) a provider's
/// vote goes to a candidate when any of its participants supports it; under <see cref="VoteIndependence.PerModel"/> the
/// vote is split equally between the provider's distinct models. Either way, several personas of one model count as one
/// voice, and two providers agreeing outrank two models of one provider. A candidate's score is its share of all votes.
/// </para>
/// <para>
/// Votes can be weighted: by a custom <see cref="ConsensusSynthesizerOptions.VoteWeight"/> function, and by measured
/// <see cref="ConsensusSynthesizerOptions.Reliability"/> (see <see cref="ReliabilityCalibrator"/>). A voice that several
/// participants share (a provider, a model) carries the weight of its strongest member, never their sum. When the
/// calibration found that the ensemble does not beat its best participant, the candidates that participant supports rank
/// first, and the result says so in a warning.
/// </para>
/// <para>
/// Ties break on distinct providers, then supporters, then the highest stated confidence, then first-seen order, so the
/// same input always gives the same ranking. Candidates that only one provider supports are flagged as dissent and kept.
/// When the panel has fewer than two effective independent voices, the result carries a monoculture warning.
/// Safe for concurrent use (when the custom weight function is).
/// </para>
/// </remarks>
public sealed class ConsensusSynthesizer : ISynthesizer
{
    private readonly ConsensusSynthesizerOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ConsensusSynthesizer"/> class.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid.</exception>
    public ConsensusSynthesizer(ConsensusSynthesizerOptions? options = null)
    {
        options ??= new();
        options.Validate();
        _options = new()
        {
            Independence = options.Independence,
            WarnOnMonoculture = options.WarnOnMonoculture,
            VoteWeight = options.VoteWeight,
            Reliability = options.Reliability,
        };
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The custom vote weight function returned a negative or non-finite weight.</exception>
    public Task<SynthesisResult> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var panel = request.Panel;
        var custom = _options.VoteWeight;
        var reliability = _options.Reliability;
        Func<ParticipantIdentity, double> weightOf = participant =>
        {
            var weight = 1.0;
            if (custom is not null)
            {
                weight = custom(new VoteWeightArguments(participant, panel));
                if (!(weight >= 0 && double.IsFinite(weight)))
                {
                    throw new InvalidOperationException($"The vote weight function returned {weight} for participant '{participant.Name}'; weights must be finite and at least 0.");
                }
            }

            return reliability is null ? weight : weight * reliability.WeightOf(participant);
        };

        var deferTo = reliability?.DeferTo;
        var deferToAnswered = deferTo is not null && panel.Any(p => p.Name == deferTo.Name);
        var (ranked, tally) = Rank(request.Candidates, panel, _options.Independence, weightOf, deferToAnswered ? deferTo!.Name : null);

        List<string>? warnings = null;
        if (_options.WarnOnMonoculture && tally.ProviderCount < 2)
        {
            warnings =
            [
                tally.ProviderCount == 0
                    ? "Monoculture: no explorer answered, so there is no independent voice behind any candidate."
                    : $"Monoculture: every answering explorer comes from provider '{tally.OnlyProvider}', so the panel has one independent voice. " +
                      "Consensus without genuine independence is just a louder single opinion; add explorers from other providers.",
            ];
        }
        else if (_options.WarnOnMonoculture && tally.EffectiveVoices < 2)
        {
            warnings =
            [
                string.Create(CultureInfo.InvariantCulture, $"Monoculture: the panel's votes are so unequal that it has only {tally.EffectiveVoices:0.00} effective independent voices. ") +
                "Consensus without genuine independence is just a louder single opinion; add explorers from other providers.",
            ];
        }

        if (reliability is not null && deferTo is not null)
        {
            (warnings ??= []).Add(deferToAnswered
                ? string.Create(CultureInfo.InvariantCulture, $"Deferring to participant '{deferTo.Name}': in cross-validation on {reliability.Items} calibration items the weighted ensemble ({reliability.CrossValidatedEnsembleAccuracy:0.000}) did not beat it ({reliability.CrossValidatedBestSingleAccuracy:0.000}), so the candidates it supports rank first.")
                : $"The calibration defers to participant '{deferTo.Name}', but it did not answer; ranking by the weighted ensemble instead.");
        }

        return Task.FromResult(new SynthesisResult(ranked, warnings));
    }

    /// <summary>Scores and orders candidates; shared with the <see cref="ReliabilityCalibrator"/>, so that its cross-validation
    /// simulates exactly what the synthesizer does.</summary>
    internal static (Candidate[] Ranked, VoteTally Tally) Rank(
        IReadOnlyList<Candidate> candidates,
        IReadOnlyList<ParticipantIdentity> panel,
        VoteIndependence policy,
        Func<ParticipantIdentity, double>? weightOf,
        string? deferTo)
    {
        var tally = VoteTally.Create(panel, candidates, policy, weightOf);
        var scored = new (Candidate Candidate, bool Deferred, double MaxConfidence, int Order)[candidates.Count];
        for (var i = 0; i < scored.Length; i++)
        {
            var candidate = candidates[i];
            var maxConfidence = 0.0;
            var deferred = false;
            foreach (var finding in candidate.Findings)
            {
                maxConfidence = Math.Max(maxConfidence, finding.Confidence ?? 0);
                deferred |= deferTo is not null && finding.Source.Name == deferTo;
            }

            scored[i] = (candidate with { Score = tally.Score(candidate), IsDissent = candidate.DistinctProviders <= 1 }, deferred, maxConfidence, i);
        }

        Array.Sort(scored, static (a, b) =>
        {
            var c = b.Deferred.CompareTo(a.Deferred);
            if (c == 0) { c = b.Candidate.Score.CompareTo(a.Candidate.Score); }
            if (c == 0) { c = b.Candidate.DistinctProviders.CompareTo(a.Candidate.DistinctProviders); }
            if (c == 0) { c = b.Candidate.Supporters.Count.CompareTo(a.Candidate.Supporters.Count); }
            if (c == 0) { c = b.MaxConfidence.CompareTo(a.MaxConfidence); }
            return c == 0 ? a.Order.CompareTo(b.Order) : c;
        });

        var ranked = new Candidate[scored.Length];
        for (var i = 0; i < scored.Length; i++)
        {
            ranked[i] = scored[i].Candidate;
        }

        return (ranked, tally);
    }

    /// <summary>The votes of the panel under an independence policy and per-participant weights.</summary>
    /// <remarks>
    /// Participants are grouped into voices: one per participant, per (provider, model), or per provider. Under
    /// <see cref="VoteIndependence.PerModel"/> a provider's vote is split equally between its models. A voice supports a
    /// candidate with the weight of its strongest member that supports it; the total is every voice at its strongest member.
    /// With all weights 1 this is one vote per provider (or model share, or participant).
    /// </remarks>
    internal sealed class VoteTally
    {
        private readonly Dictionary<string, double> _weights;
        private readonly Dictionary<string, double> _shares;
        private readonly VoteIndependence _policy;
        private readonly double _total;

        private VoteTally(Dictionary<string, double> weights, Dictionary<string, double> shares, VoteIndependence policy, double total, int providerCount, string? onlyProvider, double effectiveVoices)
        {
            _weights = weights;
            _shares = shares;
            _policy = policy;
            _total = total;
            ProviderCount = providerCount;
            OnlyProvider = onlyProvider;
            EffectiveVoices = effectiveVoices;
        }

        public int ProviderCount { get; }

        public string? OnlyProvider { get; }

        /// <summary>Gets the effective number of independent providers, (Σ b)² / Σ b² over the providers' vote budgets b.</summary>
        public double EffectiveVoices { get; }

        public static VoteTally Create(IReadOnlyList<ParticipantIdentity> panel, IReadOnlyList<Candidate> candidates, VoteIndependence policy, Func<ParticipantIdentity, double>? weightOf)
        {
            // Supporters outside the panel (a synthesizer given foreign candidates) still get a voice rather than a crash.
            var voices = new List<ParticipantIdentity>(panel);
            foreach (var candidate in candidates)
            {
                voices.AddRange(candidate.Supporters);
            }

            var weights = new Dictionary<string, double>(StringComparer.Ordinal);
            var modelsByProvider = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var voice in voices)
            {
                if (!weights.ContainsKey(voice.Name))
                {
                    weights[voice.Name] = weightOf is null ? 1.0 : weightOf(voice);
                }

                if (!modelsByProvider.TryGetValue(voice.Provider, out var models))
                {
                    modelsByProvider[voice.Provider] = models = new(StringComparer.OrdinalIgnoreCase);
                }

                _ = models.Add(voice.Model);
            }

            var shares = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            foreach (var (provider, models) in modelsByProvider)
            {
                foreach (var model in models)
                {
                    shares[ModelKey(provider, model)] = policy == VoteIndependence.PerModel ? 1.0 / models.Count : 1.0;
                }
            }

            // Every voice at its strongest member; provider budgets for the effective number of voices.
            var strongest = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var voice in voices)
            {
                if (seen.Add(voice.Name))
                {
                    var key = GroupKey(policy, voice);
                    strongest[key] = Math.Max(strongest.GetValueOrDefault(key), weights[voice.Name]);
                }
            }

            var budgets = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            var total = 0.0;
            foreach (var voice in voices)
            {
                var key = GroupKey(policy, voice);
                if (strongest.Remove(key, out var weight))
                {
                    var share = policy == VoteIndependence.PerParticipant ? 1.0 : shares[ModelKey(voice.Provider, voice.Model)];
                    total += share * weight;
                    budgets[voice.Provider] = budgets.GetValueOrDefault(voice.Provider) + (share * weight);
                }
            }

            var sum = budgets.Values.Sum();
            var sumOfSquares = budgets.Values.Sum(static b => b * b);
            var effective = sumOfSquares > 0 ? sum * sum / sumOfSquares : 0;
            var panelProviders = panel.Select(static p => p.Provider).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            return new(weights, shares, policy, total, panelProviders.Length, panelProviders.Length == 1 ? panelProviders[0] : null, effective);
        }

        public double Score(Candidate candidate)
        {
            if (_total <= 0)
            {
                return 0;
            }

            var support = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            foreach (var supporter in candidate.Supporters)
            {
                var key = GroupKey(_policy, supporter);
                var share = _policy == VoteIndependence.PerParticipant ? 1.0 : _shares[ModelKey(supporter.Provider, supporter.Model)];
                support[key] = Math.Max(support.GetValueOrDefault(key), share * _weights[supporter.Name]);
            }

            return Math.Min(1.0, support.Values.Sum() / _total);
        }

        private static string GroupKey(VoteIndependence policy, ParticipantIdentity participant) => policy switch
        {
            VoteIndependence.PerParticipant => string.Concat("p\u001f", participant.Name),
            VoteIndependence.PerModel => ModelKey(participant.Provider, participant.Model),
            _ => string.Concat("v\u001f", participant.Provider),
        };

        private static string ModelKey(string provider, string model) => string.Concat(provider, "\u001f", model);
    }
}
