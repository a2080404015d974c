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
    private readonly PipelineRuntime _runtime;

    public ConvergencePipeline(
        IReadOnlyList<Participant> participants,
        IReadOnlyList<IConvergenceStage> stages,
        IServiceProvider services,
        TimeProvider timeProvider,
        IReadOnlyList<string> buildWarnings,
        PipelineRuntime runtime)
    {
        _runtime = runtime;
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

    public async Task<ConvergenceResult> ResumeAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var store = _runtime.Store ?? throw new InvalidOperationException(
            "The pipeline has no run store to resume from. Set ConvergencePipelineOptions.RunStore (or register an IRunStore service).");
        var run = await store.GetRunAsync(runId, cancellationToken) ?? throw new InvalidOperationException(
            $"The run store has no run '{runId}'.");
        var request = new ConvergenceRequest(run.Task) { Context = run.Context, RunId = run.RunId };
        return await ExecuteAsync(request, events: null, cancellationToken, run);
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

    private async Task<ConvergenceResult> ExecuteAsync(
        ConvergenceRequest request, ChannelWriter<ConvergenceEvent>? events, CancellationToken cancellationToken, RunRecord? resumed = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var runId = request.RunId ?? CreateRunId(_timeProvider.GetUtcNow());
        var store = _runtime.Store;
        IReadOnlyList<ParticipantCallRecord> completed = [];
        if (store is not null)
        {
            if (resumed is not null)
            {
                completed = await store.GetCallsAsync(runId, cancellationToken);
                ResilienceLog.Resumed(_runtime.Logger, runId, completed.Count);
            }
            else if (await store.GetRunAsync(runId, cancellationToken) is not null)
            {
                throw new InvalidOperationException($"The run store already has a run '{runId}'. Resume it with ResumeAsync, or give the request another RunId.");
            }
        }

        var context = new ConvergenceContext(runId, request, _participants, _services, _timeProvider, events)
        {
            Runtime = new RunRuntime(
                _runtime.Resilience, new RunCheckpoint(store, runId, completed), _runtime.Redactor, _runtime.Logger, cancellationToken),
        };
        foreach (var warning in _buildWarnings)
        {
            context.AddWarning(warning);
        }

        var startedAt = resumed?.StartedAt ?? context.StartedAt;
        await SaveRunAsync(context, RunState.Running, startedAt, result: null, cancellationToken);
        var started = _timeProvider.GetTimestamp();
        if (context.IsStreaming)
        {
            context.Report(new RunStartedEvent(runId, context.StartedAt, request.Task, _identities));
        }

        using var runDeadline = _runtime.RunTimeout is { } runTimeout
            ? new CancellationTokenSource(runTimeout, _timeProvider)
            : new CancellationTokenSource();
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runDeadline.Token);
        try
        {
            await RunStagesAsync(context, runDeadline, runCancellation.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled by the caller: keep what was done (every completed call is already saved), then let the cancellation through.
            context.CurrentStage = null;
            context.MarkIncomplete("The run was cancelled; resume it to finish.");
            await SaveRunAsync(context, RunState.Cancelled, startedAt, CreateResult(context, _timeProvider.GetElapsedTime(started)), CancellationToken.None);
            throw;
        }

        context.CurrentStage = null;
        var result = CreateResult(context, _timeProvider.GetElapsedTime(started));
        await SaveRunAsync(context, StateOf(result.Status), startedAt, result, CancellationToken.None);
        if (context.IsStreaming)
        {
            context.Report(new RunCompletedEvent(runId, _timeProvider.GetUtcNow(), result));
        }

        return result;
    }

    private async Task RunStagesAsync(
        ConvergenceContext context, CancellationTokenSource runDeadline, CancellationToken runToken, CancellationToken callerToken)
    {
        for (var s = 0; s < _stages.Count; s++)
        {
            var stage = _stages[s];
            if (context.IsFailed)
            {
                break;
            }

            callerToken.ThrowIfCancellationRequested();
            if (runDeadline.IsCancellationRequested)
            {
                context.MarkIncomplete(
                    $"The run deadline of {Seconds(_runtime.RunTimeout)} passed; stages not run: {string.Join(", ", _stages.Skip(s).Select(static x => x.Name))}.");
                break;
            }

            context.CurrentStage = stage.Name;
            var stageStarted = _timeProvider.GetTimestamp();
            if (context.IsStreaming)
            {
                context.Report(new StageStartedEvent(context.RunId, _timeProvider.GetUtcNow(), stage.Name));
            }

            using var stageDeadline = _runtime.StageTimeouts.TryGetValue(stage.Name, out var stageTimeout)
                ? new CancellationTokenSource(stageTimeout, _timeProvider)
                : new CancellationTokenSource();
            using var stageCancellation = CancellationTokenSource.CreateLinkedTokenSource(runToken, stageDeadline.Token);
            try
            {
                await stage.RunAsync(context, stageCancellation.Token);
            }
            catch (OperationCanceledException) when (!callerToken.IsCancellationRequested && stageCancellation.IsCancellationRequested)
            {
                // A deadline passed and the stage let the cancellation through: the next stages run with what arrived.
            }

            if (!callerToken.IsCancellationRequested && stageCancellation.IsCancellationRequested)
            {
                context.MarkIncomplete(runDeadline.IsCancellationRequested
                    ? $"The run deadline of {Seconds(_runtime.RunTimeout)} passed during the '{stage.Name}' stage; its calls in flight were cancelled."
                    : $"The '{stage.Name}' stage's deadline of {Seconds(stageTimeout)} passed; its calls in flight were cancelled.");
            }

            if (context.IsStreaming)
            {
                context.Report(new StageCompletedEvent(context.RunId, _timeProvider.GetUtcNow(), stage.Name, _timeProvider.GetElapsedTime(stageStarted)));
            }
        }
    }

    private async Task SaveRunAsync(ConvergenceContext context, RunState state, DateTimeOffset startedAt, ConvergenceResult? result, CancellationToken cancellationToken)
    {
        if (_runtime.Store is not { } store)
        {
            return;
        }

        await store.SaveRunAsync(
            new RunRecord
            {
                RunId = context.RunId,
                Task = context.Request.Task,
                Context = context.Request.Context,
                State = state,
                StartedAt = startedAt,
                UpdatedAt = _timeProvider.GetUtcNow(),
                Result = result,
            },
            cancellationToken);
    }

    private static RunState StateOf(RunStatus status) => status switch
    {
        RunStatus.Completed => RunState.Completed,
        RunStatus.Partial => RunState.Partial,
        _ => RunState.Failed,
    };

    private static string Seconds(TimeSpan? value) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value.GetValueOrDefault().TotalSeconds:0.###} s");

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

        var status = context.IsFailed ? RunStatus.Failed : anyFailed || context.IsIncomplete ? RunStatus.Partial : RunStatus.Completed;
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
            Funnel = ConvergenceFunnel.From(context.Findings.Count, context.Candidates),
            StartedAt = context.StartedAt,
            Duration = duration,
        };
    }

    private static string CreateRunId(DateTimeOffset now) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{now:yyyyMMdd'T'HHmmss}-{Guid.NewGuid():N}")[..24];
}
