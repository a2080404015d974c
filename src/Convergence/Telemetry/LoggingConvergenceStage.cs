using Microsoft.Extensions.Logging;

namespace Convergence;

/// <summary>Stage middleware that logs each stage's start and end (with its duration, findings and candidates), or its failure.</summary>
internal sealed class LoggingConvergenceStage : DelegatingConvergenceStage
{
    private readonly ILogger _logger;

    public LoggingConvergenceStage(IConvergenceStage innerStage, ILogger logger)
        : base(innerStage)
    {
        _logger = logger;
    }

    public override async Task RunAsync(ConvergenceContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = Name;
        ConvergenceLog.StageStarted(_logger, name, context.RunId);
        var started = context.TimeProvider.GetTimestamp();
        try
        {
            await base.RunAsync(context, cancellationToken);
        }
        catch (Exception ex)
        {
            ConvergenceLog.StageFailed(_logger, name, context.RunId, context.TimeProvider.GetElapsedTime(started), ex.GetType().FullName ?? ex.GetType().Name);
            throw;
        }

        ConvergenceLog.StageCompleted(
            _logger, name, context.RunId, context.TimeProvider.GetElapsedTime(started), context.Findings.Count, context.Candidates.Count);
    }
}
