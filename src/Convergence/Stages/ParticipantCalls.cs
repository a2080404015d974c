using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>
/// The one place where stages call a participant: it runs the call through the participant's resilience pipeline (timeout, retry, the
/// provider's circuit breaker, backups), answers from the run store a call that completed before the run was resumed, saves each completed
/// call, records latency, usage, cost and calls on the participant's report and in the run's usage ledger, stops calls once the run's budget
/// is spent, tells the observers (telemetry, logging) about each call, and turns a failure into a report (with secrets redacted) instead of
/// an exception, so one participant failing never takes the run down.
/// </summary>
internal static class ParticipantCalls
{
    /// <summary>
    /// Calls the participant once (with its retries and backups), unless the run's budget is spent. <c>scope</c> says what the call is
    /// about when one participant works on several things at once in a stage (the build and audit stages pass the candidate's identifier),
    /// so checkpoint keys stay stable: calls are sequential within a scope, not across scopes.
    /// </summary>
    /// <returns>The response, or <see langword="null"/> when the call failed or the budget stopped it (the reason is on the participant's report).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the run was cancelled, or a deadline passed).</exception>
    public static async Task<ChatResponse?> GetResponseAsync(
        ConvergenceContext context, Participant participant, IList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken, string? scope = null)
    {
        var time = context.TimeProvider;
        var runtime = context.Runtime;
        var call = new ParticipantCall(context, participant, messages, options);
        var stage = context.CurrentStage ?? "none";
        var key = runtime?.Checkpoint.NextKey(scope is null ? stage : $"{stage}/{scope}", participant.Name);
        if (key is not null && runtime!.Checkpoint.TryReplay(key, out var replayed))
        {
            return Replay(context, participant, replayed, call);
        }

        if (runtime?.Usage.Exhausted() is { } spent)
        {
            // The budget stops work before it starts: a call in flight is never cut, but no new one begins.
            Fail(context, participant, ParticipantErrorKind.Budget, $"Not started: {spent}.", rawReply: null);
            return null;
        }

        if (context.IsStreaming)
        {
            context.Report(new ParticipantStartedEvent(context.RunId, time.GetUtcNow(), participant.Identity, participant.Role));
        }

        var observers = runtime?.Observers ?? [];
        foreach (var observer in observers)
        {
            observer.OnParticipantCallStarting(call);
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
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            var elapsed = time.GetElapsedTime(started);
            _ = Record(context, participant, elapsed, TokenUsage.Empty, attempts.Count, answeredBy: null);
            call.Duration = elapsed;
            call.Attempts = attempts.Count;
            call.ErrorKind = ParticipantErrorKind.Timeout;
            call.ErrorType = ex.GetType().FullName;
            call.Error = "Cancelled before it answered.";
            Completed(observers, call);
            throw;
        }

        var latency = time.GetElapsedTime(started);
        call.Duration = latency;
        call.Attempts = attempts.Count;
        call.Provider = outcome.Provider;
        call.Model = outcome.Model;
        if (outcome.Response is not { } response)
        {
            _ = Record(context, participant, latency, TokenUsage.Empty, attempts.Count, answeredBy: null);
            var error = outcome.Error!;
            var kind = TransientErrors.Classify(error);
            var message = (runtime?.Redactor ?? SecretRedactor.Default).Redact($"{error.GetType().Name}: {error.Message}");
            call.ErrorKind = kind;
            call.ErrorType = error.GetType().FullName;
            call.Error = message;
            Completed(observers, call);
            Fail(context, participant, kind, message, rawReply: null);
            return null;
        }

        var usage = TokenUsage.FromUsageDetails(response.Usage);
        call.Response = response;
        call.Usage = usage;
        var cost = Account(context, call);
        _ = Record(context, participant, latency, usage, attempts.Count, outcome, cost);
        Completed(observers, call);
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

    /// <summary>Gives the completed call to the observers, innermost (last registered) first.</summary>
    private static void Completed(IReadOnlyList<ConvergenceObserver> observers, ParticipantCall call)
    {
        for (var i = observers.Count - 1; i >= 0; i--)
        {
            observers[i].OnParticipantCallCompleted(call);
        }
    }

    /// <summary>Records an answered call in the run's usage ledger (which sets its cost).</summary>
    /// <returns>The participant's cost so far, or <see langword="null"/> when unknown.</returns>
    private static decimal? Account(ConvergenceContext context, ParticipantCall call)
    {
        if (context.Runtime is not { } runtime)
        {
            return null;
        }

        var (cost, warning) = runtime.Usage.Record(call);
        if (warning is not null)
        {
            context.AddWarning(warning);
        }

        return cost;
    }

    private static void ParticipantCompleted(ConvergenceContext context, ParticipantReport report)
    {
        if (context.Runtime is { } runtime)
        {
            foreach (var observer in runtime.Observers)
            {
                observer.OnParticipantCompleted(context, report);
            }
        }
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

        context.AddWarning(kind == ParticipantErrorKind.Budget
            ? $"{Capitalize(participant.Role.Value)} '{participant.Name}' was stopped by the budget: {error}"
            : $"{Capitalize(participant.Role.Value)} '{participant.Name}' failed ({kind}): {error}");
        if (context.Runtime is { } runtime)
        {
            ResilienceLog.ParticipantFailed(runtime.Logger, participant.Name, kind, error);
        }

        if (context.IsStreaming)
        {
            context.Report(new ParticipantFailedEvent(context.RunId, context.TimeProvider.GetUtcNow(), report));
        }

        ParticipantCompleted(context, report);
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

        ParticipantCompleted(context, report);
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

    private static ChatResponse Replay(ConvergenceContext context, Participant participant, ParticipantCallRecord call, ParticipantCall observed)
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, call.Reply))
        {
            ModelId = call.Model,
            Usage = call.Usage.ToUsageDetails(),
        };
        observed.IsReplayed = true;
        observed.Provider = call.Provider;
        observed.Model = call.Model;
        observed.Usage = call.Usage;
        observed.Duration = call.Latency;
        observed.Response = response;
        var cost = Account(context, observed);
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
                Cost = cost,
            };
        });

        Completed(context.Runtime?.Observers ?? [], observed);
        return response;
    }

    private static ParticipantReport Record(
        ConvergenceContext context, Participant participant, TimeSpan latency, TokenUsage usage, int calls, CallOutcome? answeredBy, decimal? cost = null) =>
        context.UpdateParticipantReport(participant.Name, current =>
        {
            current ??= NewReport(participant);
            current = current with { Latency = current.Latency + latency, Usage = current.Usage + usage, Calls = current.Calls + calls };
            return answeredBy is null
                ? current
                : current with
                {
                    Provider = answeredBy.Provider,
                    Model = answeredBy.Model,
                    PlannedProvider = Planned(participant, answeredBy.Provider),
                    Cost = cost,
                };
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
