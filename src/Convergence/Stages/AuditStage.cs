using System.Collections.Concurrent;

namespace Convergence;

/// <summary>
/// Audits every verified candidate: the auditors review it in parallel, the <see cref="AuditPolicy"/> decides, and a "revise"
/// decision sends it back to its builder with the auditors' risks, within the policy's revise budget (so the revise loop lives
/// here, reusing the build stage's <see cref="CandidateBuilder"/>).
/// </summary>
internal sealed class AuditStage : IConvergenceStage
{
    private readonly AuditOptions _options;
    private readonly CandidateBuilder _builder;

    public AuditStage(AuditOptions options, CandidateBuilder builder)
    {
        _options = options;
        _builder = builder;
    }

    public string Name => ConvergenceStageNames.Audit;

    public async Task RunAsync(ConvergenceContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var auditors = context.GetParticipants(ConvergenceRole.Auditor);
        var candidates = context.Candidates.ToArray();
        if (auditors.Count == 0)
        {
            return;
        }

        var flagged = new ConcurrentDictionary<(string Auditor, string Builder), bool>();
        using var gate = new SemaphoreSlim(_options.MaxDegreeOfParallelism);
        var work = new List<Task>();
        for (var i = 0; i < candidates.Length; i++)
        {
            if (candidates[i].Build is { Verified: true })
            {
                work.Add(AuditOneAsync(context, candidates, i, auditors, flagged, gate, cancellationToken));
            }
        }

        await Task.WhenAll(work);
        context.Candidates = candidates;
    }

    private async Task AuditOneAsync(
        ConvergenceContext context,
        Candidate[] candidates,
        int index,
        IReadOnlyList<Participant> auditors,
        ConcurrentDictionary<(string, string), bool> flagged,
        SemaphoreSlim gate,
        CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var candidate = candidates[index];
            var policy = _options.Policy;
            for (var round = 0; ; round++)
            {
                var build = candidate.Build!;
                var reviews = await ReviewAsync(context, candidate, build, auditors, round, flagged, cancellationToken);
                var decision = policy.Decide(round, auditors.Count, reviews, canRevise: round < policy.MaxReviseRounds);
                candidate = candidate with
                {
                    Audits = [.. candidate.Audits, .. reviews],
                    AuditDecisions = [.. candidate.AuditDecisions, decision],
                };

                if (context.IsStreaming)
                {
                    context.Report(new AuditCompletedEvent(context.RunId, context.TimeProvider.GetUtcNow(), candidate.Id, reviews, decision));
                }

                if (decision.Verdict != AuditVerdict.Revise || round >= policy.MaxReviseRounds)
                {
                    candidate = candidate with { Status = ToStatus(decision.Verdict) };
                    break;
                }

                // Revise: the builder of the chosen artifact gets it back with the auditors' risks, anonymised.
                var builder = context.Participants.First(p => p.Name == build.Builder!.Name);
                var revision = new BuildFeedback(build.Artifact, VerifierFeedback: null, AuditorFeedback(reviews));
                var revised = await _builder.BuildAsync(context, candidate, [builder], build, revision, cancellationToken);
                candidate = candidate with { Build = revised };
                if (!revised.Attempts.Any(a => a.Round == build.Rounds && a.Passed))
                {
                    context.AddWarning(
                        $"Candidate '{candidate.Title}': the revision asked by the auditors was not verified within {_builder.Options.MaxIterations} iterations; it stays at 'revise'.");
                    candidate = candidate with { Status = CandidateStatus.Revise };
                    break;
                }
            }

            candidates[index] = candidate;
        }
        finally
        {
            _ = gate.Release();
        }
    }

    private async Task<IReadOnlyList<AuditReview>> ReviewAsync(
        ConvergenceContext context,
        Candidate candidate,
        BuildOutcome build,
        IReadOnlyList<Participant> auditors,
        int round,
        ConcurrentDictionary<(string, string), bool> flagged,
        CancellationToken cancellationToken)
    {
        var calls = new Task<AuditReview?>[auditors.Count];
        for (var i = 0; i < auditors.Count; i++)
        {
            var auditor = auditors[i];
            if (string.Equals(auditor.Provider, build.Builder!.Provider, StringComparison.OrdinalIgnoreCase))
            {
                if (flagged.TryAdd((auditor.Name, build.Builder.Name), true))
                {
                    context.AddWarning(_options.RequireIndependentAuditors
                        ? $"Auditor '{auditor.Name}' abstained on artifacts of builder '{build.Builder.Name}': both are on provider '{auditor.Provider}', and independent auditors are required."
                        : $"Auditor '{auditor.Name}' reviewed an artifact of builder '{build.Builder.Name}' on the same provider '{auditor.Provider}' (the same-model illusion: its approval is not independent).");
                }

                if (_options.RequireIndependentAuditors)
                {
                    calls[i] = Task.FromResult<AuditReview?>(null);
                    continue;
                }
            }

            calls[i] = ReviewOneAsync(context, candidate, build, auditor, round, cancellationToken);
        }

        var reviews = await Task.WhenAll(calls);
        return [.. reviews.OfType<AuditReview>()];
    }

    private async Task<AuditReview?> ReviewOneAsync(
        ConvergenceContext context, Candidate candidate, BuildOutcome build, Participant auditor, int round, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var messages = AuditorPrompt.CreateMessages(_options, auditor, context.Request, candidate, build);
        var options = AuditorPrompt.CreateOptions(_options, auditor, context.Request);
        var response = await ParticipantCalls.GetResponseAsync(context, auditor, messages, options, cancellationToken, scope: candidate.Id);
        if (response is null)
        {
            return null;
        }

        var text = response.Text;
        if (!AuditReplyParser.TryParse(text, out var parsed, out var error))
        {
            var kind = string.IsNullOrWhiteSpace(text) ? ParticipantErrorKind.EmptyReply : ParticipantErrorKind.InvalidReply;
            ParticipantCalls.Fail(context, auditor, kind, $"Unusable verdict: {error}.", ParticipantCalls.Cap(text, _options.MaxRawReplyLength));
            return null;
        }

        _ = ParticipantCalls.Succeed(context, auditor);
        var answeredBy = ParticipantCalls.AnsweredBy(context, auditor);
        return new AuditReview
        {
            Participant = auditor.Name,
            Provider = answeredBy.Provider,
            Model = answeredBy.Model,
            Round = round,
            Verdict = parsed.Verdict,
            Confidence = parsed.Confidence,
            Risks = parsed.Risks,
        };
    }

    private static List<(string Label, string Text)> AuditorFeedback(IReadOnlyList<AuditReview> reviews)
    {
        var feedback = new List<(string, string)>();
        for (var i = 0; i < reviews.Count; i++)
        {
            var review = reviews[i];
            var lines = review.Risks.Count == 0
                ? $"Verdict: {review.Verdict}; no specific risk given."
                : $"Verdict: {review.Verdict}\n" + string.Join('\n', review.Risks.Select(r => $"- [{r.Severity}] {r.Description}"));
            feedback.Add((PromptData.Label("Auditor", i), lines));
        }

        return feedback;
    }

    private static CandidateStatus ToStatus(AuditVerdict verdict) => verdict switch
    {
        AuditVerdict.Approve => CandidateStatus.Approved,
        AuditVerdict.Revise => CandidateStatus.Revise,
        _ => CandidateStatus.Rejected,
    };
}
