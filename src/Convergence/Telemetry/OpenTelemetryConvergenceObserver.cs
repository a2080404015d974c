using System.Diagnostics;
using System.Text;
using System.Text.Json;
using static Convergence.ConvergenceTelemetryConstants;

namespace Convergence;

/// <summary>Makes the run's span and a span for each participant call (GenAI conventions), and records calls, failures, tokens and cost.</summary>
/// <remarks>
/// The run's span is the parent of the stages' spans; each participant call's span is current while the participant's client runs, so a
/// client wrapped with MEAI's <c>UseOpenTelemetry</c> adds its <c>chat</c> span under it: one connected trace.
/// </remarks>
internal sealed class OpenTelemetryConvergenceObserver : ConvergenceObserver
{
    private readonly ConvergenceInstrumentation _instrumentation;
    private readonly object _key = new();

    // Per observer, so two UseOpenTelemetry calls (two source names) on one pipeline keep their run spans apart.
    private readonly string _runItemKey = $"Convergence.OpenTelemetry.Run.{Guid.NewGuid():N}";

    public OpenTelemetryConvergenceObserver(ConvergenceInstrumentation instrumentation) => _instrumentation = instrumentation;

    public override void OnRunStarting(ConvergenceContext context)
    {
        var activity = _instrumentation.ActivitySource.StartActivity(RunSpan);
        if (activity is null)
        {
            return;
        }

        context.Items[_runItemKey] = activity;
        if (activity.IsAllDataRequested)
        {
            _ = activity.SetTag(Names.RunId, context.RunId);
            if (_instrumentation.EnableSensitiveData)
            {
                _ = activity.SetTag(Names.Task, Redact(context, context.Request.Task));
            }
        }
    }

    public override void OnRunCompleted(ConvergenceContext context, ConvergenceResult? result, Exception? exception)
    {
        if (!context.Items.TryGetValue(_runItemKey, out var value) || value is not Activity activity)
        {
            return;
        }

        _ = context.Items.Remove(_runItemKey);
        if (result is not null && activity.IsAllDataRequested)
        {
            _ = activity
                .SetTag(Names.RunStatus, result.Status.ToString().ToLowerInvariant())
                .SetTag(Names.Candidates, result.Candidates.Count)
                .SetTag(GenAI.InputTokens, result.Usage.InputTokens)
                .SetTag(GenAI.OutputTokens, result.Usage.OutputTokens)
                .SetTag(Names.Warnings, result.Warnings.Count);
            if (result.Cost is { } cost)
            {
                _ = activity.SetTag(Names.Cost, (double)cost);
            }

            if (result.Status == RunStatus.Failed)
            {
                _ = activity.SetStatus(ActivityStatusCode.Error, "The run could not reach its quorum.");
            }
        }

        if (exception is not null)
        {
            _ = activity.SetTag(ErrorType, exception.GetType().FullName).SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        }

        activity.Stop();
    }

    public override void OnParticipantCallStarting(ParticipantCall participantCall)
    {
        ArgumentNullException.ThrowIfNull(participantCall);
        var participant = participantCall.Participant;
        var activity = _instrumentation.ActivitySource.StartActivity($"{InvokeAgent} {participant.Name}", ActivityKind.Internal);
        if (activity is null)
        {
            return;
        }

        participantCall.Items[_key] = activity;
        if (activity.IsAllDataRequested)
        {
            _ = activity
                .SetTag(GenAI.OperationName, InvokeAgent)
                .SetTag(GenAI.AgentName, participant.Name)
                .SetTag(GenAI.ProviderName, participant.Provider)
                .SetTag(GenAI.RequestModel, participantCall.Options.ModelId ?? NullIfEmpty(participant.Model))
                .SetTag(Names.Role, participant.Role.Value)
                .SetTag(Names.Participant, participant.Name)
                .SetTag(Names.Stage, participantCall.Stage)
                .SetTag(Names.RunId, participantCall.Context.RunId);
            if (_instrumentation.EnableSensitiveData)
            {
                _ = activity.SetTag(GenAI.InputMessages, Redact(participantCall.Context, SerializeMessages(participantCall)));
            }
        }
    }

    public override void OnParticipantCallCompleted(ParticipantCall participantCall)
    {
        ArgumentNullException.ThrowIfNull(participantCall);
        var role = participantCall.Participant.Role.Value;
        var provider = new KeyValuePair<string, object?>(GenAI.ProviderName, participantCall.Provider);
        var roleTag = new KeyValuePair<string, object?>(Names.Role, role);

        // A replayed call was paid for (and counted) by the run that made it: it gets no span and no metrics here.
        if (!participantCall.IsReplayed)
        {
            RecordMetrics(participantCall, provider, roleTag);
        }

        if (!participantCall.Items.TryGetValue(_key, out var value) || value is not Activity activity)
        {
            return;
        }

        _ = participantCall.Items.Remove(_key);
        if (activity.IsAllDataRequested)
        {
            _ = activity
                .SetTag(GenAI.ProviderName, participantCall.Provider)
                .SetTag(GenAI.ResponseModel, participantCall.Response?.ModelId ?? NullIfEmpty(participantCall.Model))
                .SetTag(Names.Attempts, participantCall.Attempts);
            if (participantCall.Succeeded)
            {
                _ = activity
                    .SetTag(GenAI.InputTokens, participantCall.Usage.InputTokens)
                    .SetTag(GenAI.OutputTokens, participantCall.Usage.OutputTokens);
                if (participantCall.Cost is { } cost)
                {
                    _ = activity.SetTag(Names.Cost, (double)cost);
                }

                if (_instrumentation.EnableSensitiveData)
                {
                    _ = activity.SetTag(Names.Reply, Redact(participantCall.Context, participantCall.Response!.Text));
                }
            }
            else
            {
                _ = activity
                    .SetTag(ErrorType, participantCall.ErrorType ?? KindName(participantCall.ErrorKind))
                    .SetTag(Names.ErrorKind, KindName(participantCall.ErrorKind))
                    .SetStatus(ActivityStatusCode.Error, participantCall.Error);
            }
        }

        activity.Stop();
    }

    public override void OnParticipantCompleted(ConvergenceContext context, ParticipantReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Status == ParticipantStatus.Failed && _instrumentation.Failures.Enabled)
        {
            _instrumentation.Failures.Add(
                1,
                new KeyValuePair<string, object?>(GenAI.ProviderName, report.Provider),
                new KeyValuePair<string, object?>(Names.Role, report.Role.Value),
                new KeyValuePair<string, object?>(Names.ErrorKind, KindName(report.ErrorKind)));
        }
    }

    private void RecordMetrics(ParticipantCall call, KeyValuePair<string, object?> provider, KeyValuePair<string, object?> role)
    {
        var error = new KeyValuePair<string, object?>(ErrorType, call.Succeeded ? null : call.ErrorType ?? KindName(call.ErrorKind));
        if (_instrumentation.Calls.Enabled)
        {
            _instrumentation.Calls.Add(1, provider, role, error);
        }

        if (_instrumentation.CallDuration.Enabled)
        {
            _instrumentation.CallDuration.Record(call.Duration.TotalSeconds, provider, role, error);
        }

        if (call.Succeeded && _instrumentation.Tokens.Enabled)
        {
            _instrumentation.Tokens.Add(call.Usage.InputTokens, provider, role, new(GenAI.TokenType, "input"));
            _instrumentation.Tokens.Add(call.Usage.OutputTokens, provider, role, new(GenAI.TokenType, "output"));
        }

        if (call.Cost is { } cost && _instrumentation.Cost.Enabled)
        {
            _instrumentation.Cost.Add((double)cost, provider, role);
        }
    }

    private static string KindName(ParticipantErrorKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Redact(ConvergenceContext context, string? text) => (context.Runtime?.Redactor ?? SecretRedactor.Default).Redact(text);

    /// <summary>Writes the messages as the GenAI conventions' <c>gen_ai.input.messages</c>: <c>[{"role": "user", "parts": [{"type": "text", "content": "…"}]}]</c>.</summary>
    private static string SerializeMessages(ParticipantCall call)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var message in call.Messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role.Value);
                writer.WriteStartArray("parts");
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("content", message.Text);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
