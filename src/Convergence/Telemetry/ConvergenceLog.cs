using Microsoft.Extensions.Logging;

namespace Convergence;

/// <summary>The log messages of <see cref="LoggingConvergencePipelineBuilderExtensions.UseLogging"/>. Only the Trace messages carry content, always redacted of secrets.</summary>
internal static partial class ConvergenceLog
{
    /// <summary>The logger category.</summary>
    public const string Category = "Convergence";

    [LoggerMessage(100, LogLevel.Information, "Run '{RunId}' started with {Participants} participants")]
    public static partial void RunStarted(ILogger logger, string runId, int participants);

    [LoggerMessage(101, LogLevel.Information, "Run '{RunId}' ended {Status} in {Duration}: {Candidates} candidates, {InputTokens} input and {OutputTokens} output tokens, cost {Cost}, {Warnings} warnings")]
    public static partial void RunCompleted(
        ILogger logger, string runId, RunStatus status, TimeSpan duration, int candidates, long inputTokens, long outputTokens, decimal? cost, int warnings);

    [LoggerMessage(102, LogLevel.Warning, "Run '{RunId}' ended with {ErrorType}")]
    public static partial void RunAborted(ILogger logger, string runId, string errorType);

    [LoggerMessage(110, LogLevel.Debug, "Stage '{Stage}' of run '{RunId}' started")]
    public static partial void StageStarted(ILogger logger, string stage, string runId);

    [LoggerMessage(111, LogLevel.Information, "Stage '{Stage}' of run '{RunId}' completed in {Duration}: {Findings} findings, {Candidates} candidates")]
    public static partial void StageCompleted(ILogger logger, string stage, string runId, TimeSpan duration, int findings, int candidates);

    [LoggerMessage(112, LogLevel.Error, "Stage '{Stage}' of run '{RunId}' failed after {Duration} with {ErrorType}")]
    public static partial void StageFailed(ILogger logger, string stage, string runId, TimeSpan duration, string errorType);

    [LoggerMessage(120, LogLevel.Debug, "Calling {Role} '{Participant}' on provider '{Provider}' model '{Model}' in stage '{Stage}'")]
    public static partial void CallStarting(ILogger logger, string role, string participant, string provider, string model, string? stage);

    [LoggerMessage(121, LogLevel.Debug, "{Role} '{Participant}' answered from provider '{Provider}' model '{Model}' in {Duration} after {Attempts} attempts: {InputTokens} input and {OutputTokens} output tokens, cost {Cost}, replayed {Replayed}")]
    public static partial void CallSucceeded(
        ILogger logger, string role, string participant, string provider, string model, TimeSpan duration, int attempts, long inputTokens, long outputTokens, decimal? cost, bool replayed);

    [LoggerMessage(122, LogLevel.Debug, "{Role} '{Participant}' call to provider '{Provider}' failed ({Kind}, {ErrorType}) in {Duration} after {Attempts} attempts: {Error}")]
    public static partial void CallFailed(
        ILogger logger, string role, string participant, string provider, ParticipantErrorKind kind, string? errorType, TimeSpan duration, int attempts, string? error);

    [LoggerMessage(123, LogLevel.Trace, "{Role} '{Participant}' was sent: {Messages}")]
    public static partial void CallContent(ILogger logger, string role, string participant, string messages);

    [LoggerMessage(124, LogLevel.Trace, "{Role} '{Participant}' replied: {Reply}")]
    public static partial void ReplyContent(ILogger logger, string role, string participant, string reply);

    [LoggerMessage(130, LogLevel.Information, "{Role} '{Participant}' succeeded on provider '{Provider}' model '{Model}': {Findings} findings, {Calls} calls, {InputTokens} input and {OutputTokens} output tokens, cost {Cost}, in {Latency}")]
    public static partial void ParticipantSucceeded(
        ILogger logger, string role, string participant, string provider, string model, int findings, int calls, long inputTokens, long outputTokens, decimal? cost, TimeSpan latency);

    [LoggerMessage(131, LogLevel.Warning, "{Role} '{Participant}' failed on provider '{Provider}' ({Kind}): {Error}")]
    public static partial void ParticipantFailed(ILogger logger, string role, string participant, string provider, ParticipantErrorKind kind, string? error);
}
