namespace Convergence;

/// <summary>
/// Builds one candidate: every given builder iterates (prompt, artifact, verification, feedback) until the verifier passes an
/// artifact or the iteration budget is spent; the best verified artifact is chosen and every attempt is kept. Used by the build
/// stage for the first round and by the audit stage for revise rounds.
/// </summary>
internal sealed class CandidateBuilder
{
    private readonly BuildOptions _options;
    private readonly IBuildVerifier _verifier;

    public CandidateBuilder(BuildOptions options, IBuildVerifier verifier)
    {
        _options = options;
        _verifier = verifier;
    }

    public BuildOptions Options => _options;

    /// <summary>
    /// Runs one build round. <c>previous</c> is the outcome so far (a revise round appends to it), or <see langword="null"/> for the
    /// first round; <c>revision</c> is the auditors' feedback for a revise round, or <see langword="null"/>.
    /// </summary>
    public async Task<BuildOutcome> BuildAsync(
        ConvergenceContext context,
        Candidate candidate,
        IReadOnlyList<Participant> builders,
        BuildOutcome? previous,
        BuildFeedback? revision,
        CancellationToken cancellationToken)
    {
        var round = previous?.Rounds ?? 0;
        var chains = new Task<List<BuildAttempt>>[builders.Count];
        for (var i = 0; i < builders.Count; i++)
        {
            chains[i] = IterateAsync(context, candidate, builders[i], round, revision, cancellationToken);
        }

        var results = await Task.WhenAll(chains);

        var attempts = new List<BuildAttempt>(previous?.Attempts ?? []);
        BuildAttempt? best = null;
        foreach (var chain in results)
        {
            attempts.AddRange(chain);
            if (chain.Count > 0 && chain[^1] is { Passed: true } passed && (best is null || IsBetter(passed, best)))
            {
                best = passed;
            }
        }

        if (best is null)
        {
            // Nothing new was proven: a revise round keeps the artifact proven before it.
            return (previous ?? new BuildOutcome()) with { Attempts = attempts, Rounds = round + 1 };
        }

        return new BuildOutcome
        {
            Attempts = attempts,
            Verified = true,
            Artifact = best.Artifact,
            Builder = best.Builder,
            Metrics = best.Verification!.Metrics,
            Rounds = round + 1,
        };
    }

    private bool IsBetter(BuildAttempt challenger, BuildAttempt incumbent)
    {
        if (_options.SelectionMetric is { } metric &&
            challenger.Verification!.Metrics.TryGetValue(metric, out var a) &&
            incumbent.Verification!.Metrics.TryGetValue(metric, out var b) &&
            a != b)
        {
            return _options.LowerMetricIsBetter ? a < b : a > b;
        }

        if (_options.SelectionMetric is { } m &&
            challenger.Verification!.Metrics.ContainsKey(m) != incumbent.Verification!.Metrics.ContainsKey(m))
        {
            return challenger.Verification.Metrics.ContainsKey(m);
        }

        // Fewer iterations wins; a tie keeps the earlier-registered builder.
        return challenger.Iteration < incumbent.Iteration;
    }

    private async Task<List<BuildAttempt>> IterateAsync(
        ConvergenceContext context, Candidate candidate, Participant builder, int round, BuildFeedback? revision, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var attempts = new List<BuildAttempt>(_options.MaxIterations);
        var feedback = revision;
        for (var iteration = 1; iteration <= _options.MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attempt = await AttemptAsync(context, candidate, builder, round, iteration, feedback, cancellationToken);
            attempts.Add(attempt);
            if (context.IsStreaming)
            {
                context.Report(new BuildAttemptCompletedEvent(context.RunId, context.TimeProvider.GetUtcNow(), candidate.Id, attempt));
            }

            if (attempt.Passed)
            {
                break;
            }

            // The next prompt carries this attempt's artifact and why it failed (and still the auditors' risks, in a revise round).
            feedback = attempt.Artifact is null
                ? feedback
                : new BuildFeedback(
                    attempt.Artifact,
                    Tail(attempt.Verification?.Feedback ?? attempt.Error ?? string.Empty, _options.MaxFeedbackLength),
                    revision?.AuditorFeedback ?? []);
        }

        return attempts;
    }

    private async Task<BuildAttempt> AttemptAsync(
        ConvergenceContext context, Candidate candidate, Participant builder, int round, int iteration, BuildFeedback? feedback, CancellationToken cancellationToken)
    {
        var messages = BuilderPrompt.CreateMessages(_options, builder, context.Request, candidate, feedback);
        var options = PromptData.CreateOptions(builder, context.Request, format: null);
        var response = await ParticipantCalls.GetResponseAsync(context, builder, messages, options, cancellationToken, scope: candidate.Id);
        var attempt = new BuildAttempt { Builder = builder.Identity, Round = round, Iteration = iteration };
        if (response is null)
        {
            return attempt with { Error = "The builder call failed; its report has the error." };
        }

        var artifact = BuilderPrompt.ExtractArtifact(response.Text, _options.StripCodeFence);
        if (string.IsNullOrWhiteSpace(artifact))
        {
            ParticipantCalls.Fail(context, builder, ParticipantErrorKind.EmptyReply, "The builder replied with no artifact.", rawReply: null);
            return attempt with { Error = "The builder replied with no artifact." };
        }

        _ = ParticipantCalls.Succeed(context, builder);

        // With failover, a backup may have answered for the builder: the attempt records who really built it.
        var answeredBy = ParticipantCalls.AnsweredBy(context, builder);
        attempt = attempt with { Builder = answeredBy, Artifact = artifact };
        var input = new BuildArtifact
        {
            CandidateId = candidate.Id,
            CandidateTitle = candidate.Title,
            Content = artifact,
            Builder = answeredBy,
            Round = round,
            Iteration = iteration,
        };

        try
        {
            var verification = await _verifier.VerifyAsync(input, cancellationToken)
                ?? throw new InvalidOperationException($"The verifier {_verifier.GetType().Name} returned null.");
            return attempt with { Verification = verification };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var error = $"The verifier failed: {ex.GetType().Name}: {ex.Message}";
            context.AddWarning($"Candidate '{candidate.Title}', builder '{builder.Name}', round {round} iteration {iteration}: {error}");
            return attempt with { Verification = VerificationResult.Fail(error), Error = error };
        }
    }

    private static string Tail(string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat($"…[{text.Length - maxLength} earlier characters]", text.AsSpan(text.Length - maxLength));
}
