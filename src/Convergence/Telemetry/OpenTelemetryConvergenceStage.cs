using System.Diagnostics;
using static Convergence.ConvergenceTelemetryConstants;

namespace Convergence;

/// <summary>Stage middleware that makes a span for each stage, and records the stage's duration and the candidates surviving it (by the run's funnel).</summary>
internal sealed class OpenTelemetryConvergenceStage : DelegatingConvergenceStage
{
    private readonly ConvergenceInstrumentation _instrumentation;

    public OpenTelemetryConvergenceStage(IConvergenceStage innerStage, ConvergenceInstrumentation instrumentation)
        : base(innerStage)
    {
        _instrumentation = instrumentation;
    }

    public override async Task RunAsync(ConvergenceContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = Name;
        using var activity = _instrumentation.ActivitySource.StartActivity(StageSpanPrefix + name);
        if (activity is { IsAllDataRequested: true })
        {
            _ = activity.SetTag(Names.Stage, name).SetTag(Names.RunId, context.RunId);
        }

        var time = context.TimeProvider;
        var started = time.GetTimestamp();
        Exception? error = null;
        try
        {
            await base.RunAsync(context, cancellationToken);
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            var candidates = Surviving(name, context);
            var stageTag = new KeyValuePair<string, object?>(Names.Stage, name);
            if (_instrumentation.StageDuration.Enabled)
            {
                var errorTag = new KeyValuePair<string, object?>(ErrorType, error?.GetType().FullName);
                _instrumentation.StageDuration.Record(time.GetElapsedTime(started).TotalSeconds, stageTag, errorTag);
            }

            if (_instrumentation.StageCandidates.Enabled)
            {
                _instrumentation.StageCandidates.Record(candidates, stageTag);
            }

            if (activity is not null)
            {
                _ = activity.SetTag(Names.Candidates, candidates);
                if (error is not null)
                {
                    _ = activity.SetTag(ErrorType, error.GetType().FullName).SetStatus(ActivityStatusCode.Error, error.GetType().Name);
                }
            }
        }
    }

    /// <summary>What survives a stage, by the run's funnel: findings after explore, candidates after synthesis, verified candidates after build, approved ones after audit.</summary>
    internal static int Surviving(string stage, ConvergenceContext context)
    {
        var funnel = ConvergenceFunnel.From(context.Findings.Count, context.Candidates);
        return stage.ToUpperInvariant() switch
        {
            "EXPLORE" => funnel.ExploredFindings,
            "BUILD" => funnel.Verified,
            "AUDIT" => funnel.Approved,
            _ => funnel.Candidates,
        };
    }
}
