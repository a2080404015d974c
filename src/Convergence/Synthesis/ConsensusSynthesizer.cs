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
/// Ties break on distinct providers, then supporters, then the highest stated confidence, then first-seen order, so the
/// same input always gives the same ranking. Candidates that only one provider supports are flagged as dissent and kept.
/// Safe for concurrent use.
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
        _options = new() { Independence = options.Independence, WarnOnMonoculture = options.WarnOnMonoculture };
    }

    /// <inheritdoc/>
    public Task<SynthesisResult> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var weights = VoteWeights.Create(request.Panel, request.Candidates, _options.Independence);
        var scored = new (Candidate Candidate, double MaxConfidence, int Order)[request.Candidates.Count];
        for (var i = 0; i < scored.Length; i++)
        {
            var candidate = request.Candidates[i];
            var score = weights.Score(candidate);
            var maxConfidence = candidate.Findings.Count == 0 ? 0 : candidate.Findings.Max(static f => f.Confidence ?? 0);
            scored[i] = (candidate with { Score = score, IsDissent = candidate.DistinctProviders <= 1 }, maxConfidence, i);
        }

        Array.Sort(scored, static (a, b) =>
        {
            var c = b.Candidate.Score.CompareTo(a.Candidate.Score);
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

        List<string>? warnings = null;
        if (_options.WarnOnMonoculture && weights.ProviderCount < 2)
        {
            warnings =
            [
                weights.ProviderCount == 0
                    ? "Monoculture: no explorer answered, so there is no independent voice behind any candidate."
                    : $"Monoculture: every answering explorer comes from provider '{weights.OnlyProvider}', so the panel has one independent voice. " +
                      "Consensus without genuine independence is just a louder single opinion; add explorers from other providers.",
            ];
        }

        return Task.FromResult(new SynthesisResult(ranked, warnings));
    }

    /// <summary>The vote each (provider, model) pair carries under an independence policy.</summary>
    private sealed class VoteWeights
    {
        private readonly Dictionary<string, double> _weights;
        private readonly VoteIndependence _policy;
        private readonly double _total;

        private VoteWeights(Dictionary<string, double> weights, VoteIndependence policy, double total, int providerCount, string? onlyProvider)
        {
            _weights = weights;
            _policy = policy;
            _total = total;
            ProviderCount = providerCount;
            OnlyProvider = onlyProvider;
        }

        public int ProviderCount { get; }

        public string? OnlyProvider { get; }

        public static VoteWeights Create(IReadOnlyList<ParticipantIdentity> panel, IReadOnlyList<Candidate> candidates, VoteIndependence policy)
        {
            // Supporters outside the panel (a synthesizer given foreign candidates) still get a voice rather than a crash.
            var voices = new List<ParticipantIdentity>(panel);
            foreach (var candidate in candidates)
            {
                voices.AddRange(candidate.Supporters);
            }

            var modelsByProvider = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
            var participants = new HashSet<string>(StringComparer.Ordinal);
            foreach (var voice in voices)
            {
                if (!modelsByProvider.TryGetValue(voice.Provider, out var models))
                {
                    modelsByProvider[voice.Provider] = models = new(StringComparer.OrdinalIgnoreCase);
                }

                _ = models.Add(voice.Model);
                _ = participants.Add(voice.Name);
            }

            var weights = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            foreach (var (provider, models) in modelsByProvider)
            {
                foreach (var model in models)
                {
                    weights[Key(provider, model)] = policy == VoteIndependence.PerModel ? 1.0 / models.Count : 1.0;
                }
            }

            var panelProviders = panel.Select(static p => p.Provider).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            var total = policy == VoteIndependence.PerParticipant ? participants.Count : modelsByProvider.Count;
            return new(weights, policy, total, panelProviders.Length, panelProviders.Length == 1 ? panelProviders[0] : null);
        }

        public double Score(Candidate candidate)
        {
            if (_total == 0)
            {
                return 0;
            }

            if (_policy == VoteIndependence.PerParticipant)
            {
                return candidate.Supporters.Count / _total;
            }

            // Each provider's vote goes to the candidate once: fully (per provider) or by the share of its models that support it (per model).
            var support = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            var counted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var supporter in candidate.Supporters)
            {
                var key = Key(supporter.Provider, supporter.Model);
                if (!counted.Add(_policy == VoteIndependence.PerProvider ? supporter.Provider : key))
                {
                    continue;
                }

                support[supporter.Provider] = support.GetValueOrDefault(supporter.Provider) + _weights[key];
            }

            var sum = 0.0;
            foreach (var value in support.Values)
            {
                sum += Math.Min(1.0, value);
            }

            return sum / _total;
        }

        private static string Key(string provider, string model) => string.Concat(provider, "\u001f", model);
    }
}
