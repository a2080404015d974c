using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>
/// The one place where stages call a participant: it records latency, usage and calls on the participant's report, and turns
/// a failure into a report instead of an exception, so one participant failing never takes the run down.
/// </summary>
internal static class ParticipantCalls
{
    /// <summary>Calls the participant once.</summary>
    /// <returns>The response, or <see langword="null"/> when the call failed (the failure is on the participant's report).</returns>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static async Task<ChatResponse?> GetResponseAsync(
        ConvergenceContext context, Participant participant, IList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        var time = context.TimeProvider;
        if (context.IsStreaming)
        {
            context.Report(new ParticipantStartedEvent(context.RunId, time.GetUtcNow(), participant.Identity, participant.Role));
        }

        var started = time.GetTimestamp();
        try
        {
            var response = await participant.Client.GetResponseAsync(messages, options, cancellationToken);
            _ = Record(context, participant, time.GetElapsedTime(started), TokenUsage.FromUsageDetails(response.Usage));
            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ = Record(context, participant, time.GetElapsedTime(started), TokenUsage.Empty);
            throw;
        }
        catch (Exception ex)
        {
            _ = Record(context, participant, time.GetElapsedTime(started), TokenUsage.Empty);
            var kind = ex is TimeoutException or OperationCanceledException ? ParticipantErrorKind.Timeout : ParticipantErrorKind.Exception;
            Fail(context, participant, kind, $"{ex.GetType().Name}: {ex.Message}", rawReply: null);
            return null;
        }
    }

    /// <summary>Marks the participant failed, with the reason, and reports it.</summary>
    public static void Fail(ConvergenceContext context, Participant participant, ParticipantErrorKind kind, string error, string? rawReply)
    {
        var report = context.UpdateParticipantReport(participant.Name, current => (current ?? NewReport(participant)) with
        {
            Status = ParticipantStatus.Failed,
            ErrorKind = kind,
            Error = error,
            RawReply = rawReply,
        });

        context.AddWarning($"{Capitalize(participant.Role.Value)} '{participant.Name}' failed ({kind}): {error}");
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

    /// <summary>Caps an unusable reply kept for diagnosis.</summary>
    public static string? Cap(string? text, int maxLength) =>
        text is null || text.Length <= maxLength
            ? text
            : string.Concat(text.AsSpan(0, maxLength), $"…[{text.Length - maxLength} more characters]");

    private static ParticipantReport Record(ConvergenceContext context, Participant participant, TimeSpan latency, TokenUsage usage) =>
        context.UpdateParticipantReport(participant.Name, current => current is null
            ? NewReport(participant) with { Latency = latency, Usage = usage, Calls = 1 }
            : current with { Latency = current.Latency + latency, Usage = current.Usage + usage, Calls = current.Calls + 1 });

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
