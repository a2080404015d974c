using System.Text;
using Microsoft.Extensions.Logging;

namespace Convergence;

/// <summary>Logs the run, each participant call (Debug; content at Trace only) and each participant's success or failure.</summary>
internal sealed class LoggingConvergenceObserver : ConvergenceObserver
{
    private readonly ILogger _logger;

    public LoggingConvergenceObserver(ILogger logger) => _logger = logger;

    public override void OnRunStarting(ConvergenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ConvergenceLog.RunStarted(_logger, context.RunId, context.Participants.Count);
    }

    public override void OnRunCompleted(ConvergenceContext context, ConvergenceResult? result, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (result is not null)
        {
            ConvergenceLog.RunCompleted(
                _logger, context.RunId, result.Status, result.Duration, result.Candidates.Count, result.Usage.InputTokens, result.Usage.OutputTokens, result.Cost, result.Warnings.Count);
        }
        else if (exception is not null)
        {
            ConvergenceLog.RunAborted(_logger, context.RunId, exception.GetType().FullName ?? exception.GetType().Name);
        }
    }

    public override void OnParticipantCallStarting(ParticipantCall participantCall)
    {
        ArgumentNullException.ThrowIfNull(participantCall);
        var participant = participantCall.Participant;
        ConvergenceLog.CallStarting(_logger, participant.Role.Value, participant.Name, participant.Provider, participant.Model, participantCall.Stage);
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            var messages = new StringBuilder();
            foreach (var message in participantCall.Messages)
            {
                _ = messages.Append('[').Append(message.Role.Value).Append("] ").Append(message.Text).AppendLine();
            }

            ConvergenceLog.CallContent(_logger, participant.Role.Value, participant.Name, Redact(participantCall.Context, messages.ToString()));
        }
    }

    public override void OnParticipantCallCompleted(ParticipantCall participantCall)
    {
        ArgumentNullException.ThrowIfNull(participantCall);
        var participant = participantCall.Participant;
        if (participantCall.Response is { } response)
        {
            ConvergenceLog.CallSucceeded(
                _logger,
                participant.Role.Value,
                participant.Name,
                participantCall.Provider,
                participantCall.Model,
                participantCall.Duration,
                participantCall.Attempts,
                participantCall.Usage.InputTokens,
                participantCall.Usage.OutputTokens,
                participantCall.Cost,
                participantCall.IsReplayed);
            if (_logger.IsEnabled(LogLevel.Trace))
            {
                ConvergenceLog.ReplyContent(_logger, participant.Role.Value, participant.Name, Redact(participantCall.Context, response.Text));
            }
        }
        else
        {
            ConvergenceLog.CallFailed(
                _logger,
                participant.Role.Value,
                participant.Name,
                participantCall.Provider,
                participantCall.ErrorKind,
                participantCall.ErrorType,
                participantCall.Duration,
                participantCall.Attempts,
                participantCall.Error);
        }
    }

    public override void OnParticipantCompleted(ConvergenceContext context, ParticipantReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Status == ParticipantStatus.Succeeded)
        {
            ConvergenceLog.ParticipantSucceeded(
                _logger,
                report.Role.Value,
                report.Name,
                report.Provider,
                report.Model,
                report.FindingCount,
                report.Calls,
                report.Usage.InputTokens,
                report.Usage.OutputTokens,
                report.Cost,
                report.Latency);
        }
        else
        {
            // Report errors are redacted when they are recorded.
            ConvergenceLog.ParticipantFailed(_logger, report.Role.Value, report.Name, report.Provider, report.ErrorKind, report.Error);
        }
    }

    private static string Redact(ConvergenceContext context, string text) => (context.Runtime?.Redactor ?? SecretRedactor.Default).Redact(text);
}
