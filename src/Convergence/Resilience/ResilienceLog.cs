using Microsoft.Extensions.Logging;

namespace Convergence;

/// <summary>The log messages of participant resilience. Messages never carry content, and errors are redacted before they get here.</summary>
internal static partial class ResilienceLog
{
    /// <summary>The logger category.</summary>
    public const string Category = "Convergence.Resilience";

    [LoggerMessage(1, LogLevel.Debug, "Participant '{Participant}' failed transiently; attempt {Attempt} in {Delay}: {Error}")]
    public static partial void Retrying(ILogger logger, string participant, int attempt, TimeSpan delay, string error);

    [LoggerMessage(2, LogLevel.Warning, "Participant '{Participant}' failed on provider '{Provider}'; failing over to provider '{Backup}': {Error}")]
    public static partial void FailingOver(ILogger logger, string participant, string provider, string backup, string error);

    [LoggerMessage(3, LogLevel.Warning, "The circuit of provider '{Provider}' opened for {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, string provider, TimeSpan breakDuration);

    [LoggerMessage(4, LogLevel.Warning, "Participant '{Participant}' failed ({Kind}): {Error}")]
    public static partial void ParticipantFailed(ILogger logger, string participant, ParticipantErrorKind kind, string error);

    [LoggerMessage(5, LogLevel.Information, "Run '{RunId}' resumed from the store: {Calls} completed calls will not be repeated")]
    public static partial void Resumed(ILogger logger, string runId, int calls);
}
