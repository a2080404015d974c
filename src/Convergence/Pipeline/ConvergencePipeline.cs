using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Convergence;

/// <summary>Runs the wrapped stages in order over a fresh <see cref="ConvergenceContext"/> per run.</summary>
internal sealed class ConvergencePipeline : IConvergencePipeline
{
    private readonly IReadOnlyList<Participant> _participants;
    private readonly IReadOnlyList<IConvergenceStage> _stages;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyList<string> _buildWarnings;
    private readonly ParticipantIdentity[] _identities;

    public ConvergencePipeline(
        IReadOnlyList<Participant> participants,
        IReadOnlyList<IConvergenceStage> stages,
        IServiceProvider services,
        TimeProvider timeProvider,
        IReadOnlyList<string> buildWarnings)
    {
        _participants = participants;
        _stages = stages;
        _services = services;
        _timeProvider = timeProvider;
        _buildWarnings = buildWarnings;
        _identities = [.. participants.Select(static p => p.Identity)];
    }

    public Task<ConvergenceResult> RunAsync(ConvergenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync(request, events: null, cancellationToken);
    }

    public IAsyncEnumerable<ConvergenceEvent> RunStreamingAsync(ConvergenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StreamAsync(request, cancellationToken);
    }

    private async IAsyncEnumerable<ConvergenceEvent> StreamAsync(ConvergenceRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<ConvergenceEvent>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

        // The run stops when the caller stops listening, as well as when the caller's token fires.
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = RunAndCompleteAsync(request, channel.Writer, runCancellation.Token);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return item;
            }
        }
        finally
        {
            if (!run.IsCompleted)
            {
                await runCancellation.CancelAsync();
            }

            try
            {
                await run;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && runCancellation.IsCancellationRequested)
            {
                // The caller stopped enumerating early: the run was cancelled on its behalf.
            }
        }
    }

    private async Task RunAndCompleteAsync(ConvergenceRequest request, ChannelWriter<ConvergenceEvent> writer, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            _ = await ExecuteAsync(request, writer, cancellationToken);
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
            throw;
        }
    }

    private async Task<ConvergenceResult> ExecuteAsync(ConvergenceRequest request, ChannelWriter<ConvergenceEvent>? events, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var runId = request.RunId ?? CreateRunId(_timeProvider.GetUtcNow());
        var context = new ConvergenceContext(runId, request, _participants, _services, _timeProvider, events);
        foreach (var warning in _buildWarnings)
        {
            context.AddWarning(warning);
        }

        var started = _timeProvider.GetTimestamp();
        if (context.IsStreaming)
        {
            context.Report(new RunStartedEvent(runId, context.StartedAt, request.Task, _identities));
        }

        foreach (var stage in _stages)
        {
            if (context.IsFailed)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            context.CurrentStage = stage.Name;
            var stageStarted = _timeProvider.GetTimestamp();
            if (context.IsStreaming)
            {
                context.Report(new StageStartedEvent(runId, _timeProvider.GetUtcNow(), stage.Name));
            }

            await stage.RunAsync(context, cancellationToken);
            if (context.IsStreaming)
            {
                context.Report(new StageCompletedEvent(runId, _timeProvider.GetUtcNow(), stage.Name, _timeProvider.GetElapsedTime(stageStarted)));
            }
        }

        context.CurrentStage = null;
        var result = CreateResult(context, _timeProvider.GetElapsedTime(started));
        if (context.IsStreaming)
        {
            context.Report(new RunCompletedEvent(runId, _timeProvider.GetUtcNow(), result));
        }

        return result;
    }

    private static ConvergenceResult CreateResult(ConvergenceContext context, TimeSpan duration)
    {
        var reports = context.GetParticipantReports();
        var usage = TokenUsage.Empty;
        var anyFailed = false;
        foreach (var report in reports)
        {
            usage += report.Usage;
            anyFailed |= report.Status == ParticipantStatus.Failed;
        }

        var status = context.IsFailed ? RunStatus.Failed : anyFailed ? RunStatus.Partial : RunStatus.Completed;
        return new ConvergenceResult
        {
            RunId = context.RunId,
            Status = status,
            Task = context.Request.Task,
            Candidates = context.Candidates,
            Participants = reports,
            Usage = usage,
            Warnings = context.Warnings,
            Findings = context.Findings,
            StartedAt = context.StartedAt,
            Duration = duration,
        };
    }

    private static string CreateRunId(DateTimeOffset now) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{now:yyyyMMdd'T'HHmmss}-{Guid.NewGuid():N}")[..24];
}
