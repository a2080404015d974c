using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>
/// The one place where stages call a participant: it runs the call through the participant's resilience pipeline (timeout, retry, the
/// provider's circuit breaker, backups), answers from the run store a call that completed before the run was resumed, saves each completed
/// call, records latency, usage and calls on the participant's report, and turns a failure into a report (with secrets redacted) instead of
/// an exception, so one participant failing never takes the run down.
/// </summary>
internal static class ParticipantCalls
{
    /// <summary>
    /// Calls the participant once (with its retries and backups). <c>scope</c> says what the call is about when one participant works
    /// on several things at once in a stage (the build and audit stages pass the candidate's identifier), so checkpoint keys stay
    /// stable: calls are sequential within a scope, not across scopes.
    /// </summary>
    /// <returns>The response, or <see langword="null"/> when the call failed (the failure is on the participant's report).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the run was cancelled, or a deadline passed).</exception>
    public static async Task<ChatResponse?> GetResponseAsync(
        ConvergenceContext context, Participant participant, IList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken, string? scope = null)
    {
        var time = context.TimeProvider;
        var runtime = context.Runtime;
        var stage = context.CurrentStage ?? "none";
        var key = runtime?.Checkpoint.NextKey(scope is null ? stage : $"{stage}/{scope}", participant.Name);
        if (key is not null && runtime!.Checkpoint.TryReplay(key, out var replayed))
        {
            return Replay(context, participant, replayed);
        }

        if (context.IsStreaming)
        {
            context.Report(new ParticipantStartedEvent(context.RunId, time.GetUtcNow(), participant.Identity, participant.Role));
        }

        var started = time.GetTimestamp();
        var attempts = new CallAttempts();
        CallOutcome outcome;
        try
        {
            outcome = runtime is null
                ? await CallDirectlyAsync(participant, messages, options, attempts, cancellationToken)
                : await runtime.Resilience.ExecuteAsync(participant, messages, options, attempts, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ = Record(context, participant, time.GetElapsedTime(started), TokenUsage.Empty, attempts.Count, answeredBy: null);
            throw;
        }

        var latency = time.GetElapsedTime(started);
        if (outcome.Response is not { } response)
        {
            _ = Record(context, participant, latency, TokenUsage.Empty, attempts.Count, answeredBy: null);
            var error = outcome.Error!;
            Fail(context, participant, TransientErrors.Classify(error), $"{error.GetType().Name}: {error.Message}", rawReply: null);
            return null;
        }

        var usage = TokenUsage.FromUsageDetails(response.Usage);
        _ = Record(context, participant, latency, usage, attempts.Count, outcome);
        if (key is not null)
        {
            await runtime!.Checkpoint.SaveAsync(new ParticipantCallRecord
            {
                Key = key,
                Stage = context.CurrentStage ?? "none",
                Participant = participant.Name,
                Provider = outcome.Provider,
                Model = outcome.Model,
                PlannedProvider = Planned(participant, outcome.Provider),
                Reply = response.Text,
                Usage = usage,
                Latency = latency,
                Attempts = attempts.Count,
                CompletedAt = time.GetUtcNow(),
            });
        }

        return response;
    }

    /// <summary>Marks the participant failed, with the reason (secrets redacted), and reports it.</summary>
    public static void Fail(ConvergenceContext context, Participant participant, ParticipantErrorKind kind, string error, string? rawReply)
    {
        var redactor = context.Runtime?.Redactor ?? SecretRedactor.Default;
        error = redactor.Redact(error);
        rawReply = redactor.Redact(rawReply);
        var report = context.UpdateParticipantReport(participant.Name, current => (current ?? NewReport(participant)) with
        {
            Status = ParticipantStatus.Failed,
            ErrorKind = kind,
            Error = error,
            RawReply = rawReply,
        });

        context.AddWarning($"{Capitalize(participant.Role.Value)} '{participant.Name}' failed ({kind}): {error}");
        if (context.Runtime is { } runtime)
        {
            ResilienceLog.ParticipantFailed(runtime.Logger, participant.Name, kind, error);
        }

        if (context.IsStreaming)
        {
            context.Report(new ParticipantFailedEvent(context.RunId, context.TimeProvider.GetUtcNow(), report));
        }
    }

    /// <summary>Updates the participant's report after a successful piece of work, and reports it.</summary>
    public static ParticipantReport Succeed(ConvergenceContext context, Participant participant, Func<ParticipantReport, ParticipantReport>? update = null)
    {
        var report = context.UpdateParticipantReport(participant.Name, current =>
        {
            current ??= NewReport(participant);
            return update is null ? current : update(current);
        });

        if (context.IsStreaming)
        {
            context.Report(new ParticipantCompletedEvent(context.RunId, context.TimeProvider.GetUtcNow(), report));
        }

        return report;
    }

    /// <summary>Gets the identity of whoever last answered for the participant: its own provider, or the backup that answered instead.</summary>
    public static ParticipantIdentity AnsweredBy(ConvergenceContext context, Participant participant)
    {
        var report = context.GetParticipantReports().FirstOrDefault(r => r.Name == participant.Name);
        return report is null || (report.Provider == participant.Provider && report.Model == participant.Model)
            ? participant.Identity
            : new ParticipantIdentity(participant.Name, report.Provider, report.Model);
    }

    /// <summary>Caps an unusable reply kept for diagnosis.</summary>
    public static string? Cap(string? text, int maxLength) =>
        text is null || text.Length <= maxLength
            ? text
            : string.Concat(text.AsSpan(0, maxLength), $"…[{text.Length - maxLength} more characters]");

    private static async Task<CallOutcome> CallDirectlyAsync(
        Participant participant, IList<ChatMessage> messages, ChatOptions options, CallAttempts attempts, CancellationToken cancellationToken)
    {
        try
        {
            attempts.Increment();
            var response = await participant.Client.GetResponseAsync(messages, options, cancellationToken);
            return new CallOutcome(response, participant.Provider, participant.Model, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new CallOutcome(null, participant.Provider, participant.Model, ex);
        }
    }

    private static ChatResponse Replay(ConvergenceContext context, Participant participant, ParticipantCallRecord call)
    {
        _ = context.UpdateParticipantReport(participant.Name, current =>
        {
            current ??= NewReport(participant);
            return current with
            {
                Provider = call.Provider,
                Model = call.Model,
                PlannedProvider = call.PlannedProvider,
                Usage = current.Usage + call.Usage,
                Latency = current.Latency + call.Latency,
                ReplayedCalls = current.ReplayedCalls + 1,
            };
        });

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, call.Reply))
        {
            ModelId = call.Model,
            Usage = new UsageDetails
            {
                InputTokenCount = call.Usage.InputTokens,
                OutputTokenCount = call.Usage.OutputTokens,
                TotalTokenCount = call.Usage.TotalTokens,
            },
        };
    }

    private static ParticipantReport Record(
        ConvergenceContext context, Participant participant, TimeSpan latency, TokenUsage usage, int calls, CallOutcome? answeredBy) =>
        context.UpdateParticipantReport(participant.Name, current =>
        {
            current ??= NewReport(participant);
            current = current with { Latency = current.Latency + latency, Usage = current.Usage + usage, Calls = current.Calls + calls };
            return answeredBy is null
                ? current
                : current with { Provider = answeredBy.Provider, Model = answeredBy.Model, PlannedProvider = Planned(participant, answeredBy.Provider) };
        });

    private static string? Planned(Participant participant, string answered) =>
        string.Equals(participant.Provider, answered, StringComparison.Ordinal) ? null : participant.Provider;

    private static ParticipantReport NewReport(Participant participant) => new()
    {
        Name = participant.Name,
        Role = participant.Role,
        Provider = participant.Provider,
        Model = participant.Model,
    };

    private static string Capitalize(string value) =>
        value.Length == 0 ? value : string.Concat(char.ToUpperInvariant(value[0]).ToString(), value.AsSpan(1));
}
