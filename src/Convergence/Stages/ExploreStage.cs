using System.Globalization;
using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>
/// Fans the task out to every explorer in parallel and collects their findings; one explorer failing never fails the others.
/// Below the quorum the run fails (what arrived is kept); once the quorum is reached and the grace period ends, stragglers are cancelled as late.
/// </summary>
internal sealed class ExploreStage : IConvergenceStage
{
    private readonly ExploreOptions _options;
    private readonly int _quorum;
    private readonly TimeSpan? _gracePeriod;

    public ExploreStage(ExploreOptions options, int quorum, TimeSpan? gracePeriod = null)
    {
        _options = options;
        _quorum = quorum;
        _gracePeriod = gracePeriod;
    }

    public string Name => ConvergenceStageNames.Explore;

    public async Task RunAsync(ConvergenceContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var explorers = context.GetParticipants(ConvergenceRole.Explorer);
        var outcomes = new Finding[]?[explorers.Count];
        using var gate = explorers.Count > _options.MaxDegreeOfParallelism ? new SemaphoreSlim(_options.MaxDegreeOfParallelism) : null;
        using var early = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = new ExploreRun(context, outcomes, gate, early, context.Runtime?.CallerToken ?? CancellationToken.None, cancellationToken);
        try
        {
            var calls = new Task[explorers.Count];
            for (var i = 0; i < explorers.Count; i++)
            {
                calls[i] = ExploreAsync(run, explorers[i], i);
            }

            await Task.WhenAll(calls);
        }
        finally
        {
            run.StopTimer();
        }

        // Findings are added in registration order, not completion order, so synthesis is deterministic.
        var succeeded = 0;
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] is { } findings)
            {
                succeeded++;
                context.AddFindings(findings);
            }
        }

        if (succeeded < _quorum)
        {
            context.Fail($"Only {succeeded} of {explorers.Count} explorers succeeded; the quorum is {_quorum}.");
        }
    }

    private async Task ExploreAsync(ExploreRun run, Participant explorer, int index)
    {
        var token = run.Early.Token;
        try
        {
            if (run.Gate is not null)
            {
                await run.Gate.WaitAsync(token);
            }

            try
            {
                run.Outcomes[index] = await CallAsync(run.Context, explorer, token);
            }
            finally
            {
                _ = run.Gate?.Release();
            }

            if (run.Outcomes[index] is not null)
            {
                OnSucceeded(run);
            }
        }
        catch (OperationCanceledException) when (!run.CallerToken.IsCancellationRequested && token.IsCancellationRequested)
        {
            if (run.StageToken.IsCancellationRequested)
            {
                ParticipantCalls.Fail(run.Context, explorer, ParticipantErrorKind.Timeout, "The deadline passed before it answered.", rawReply: null);
            }
            else
            {
                ParticipantCalls.Fail(
                    run.Context,
                    explorer,
                    ParticipantErrorKind.Late,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"Cancelled as late: the quorum of {_quorum} was reached and the grace period of {_gracePeriod!.Value.TotalSeconds:0.###} s ended."),
                    rawReply: null);
            }
        }
    }

    private void OnSucceeded(ExploreRun run)
    {
        if (_gracePeriod is { } grace && run.Succeeded() == _quorum)
        {
            run.StartTimer(grace);
        }
    }

    /// <returns>The explorer's findings, or <see langword="null"/> when it failed (the failure is in its report).</returns>
    private async Task<Finding[]?> CallAsync(ConvergenceContext context, Participant explorer, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var messages = ExplorerPrompt.CreateMessages(_options, explorer, context.Request);
        var options = ExplorerPrompt.CreateOptions(_options, explorer, context.Request);
        List<ParsedFinding> parsed;
        for (var repairs = 0; ; repairs++)
        {
            var response = await ParticipantCalls.GetResponseAsync(context, explorer, messages, options, cancellationToken);
            if (response is null)
            {
                return null;
            }

            var text = response.Text ?? string.Empty;
            if (text.Length > _options.MaxReplyLength)
            {
                context.AddWarning(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Explorer '{explorer.Name}' replied with {text.Length} characters; only the first {_options.MaxReplyLength} were read."));
                text = text[.._options.MaxReplyLength];
            }

            if (ExplorerReplyParser.TryParse(text, out parsed, out var error))
            {
                break;
            }

            var kind = string.IsNullOrWhiteSpace(text) ? ParticipantErrorKind.EmptyReply : ParticipantErrorKind.InvalidReply;
            if (kind == ParticipantErrorKind.InvalidReply && repairs < _options.RepairAttempts)
            {
                // One more call that quotes the parse error back to the model, with its reply as the conversation so far.
                messages =
                [
                    .. messages,
                    new ChatMessage(ChatRole.Assistant, ParticipantCalls.Cap(text, _options.MaxRawReplyLength)),
                    new ChatMessage(ChatRole.User, ExploreOptions.RepairPrompt(error!)),
                ];
                continue;
            }

            var reason = repairs == 0
                ? $"Unusable reply: {error}."
                : string.Create(CultureInfo.InvariantCulture, $"Unusable reply after {repairs} repair request(s): {error}.");
            ParticipantCalls.Fail(context, explorer, kind, reason, ParticipantCalls.Cap(text, _options.MaxRawReplyLength));
            return null;
        }

        // The provider that answered (a backup's, after a failover) is the source: consensus counts it, not the planned one.
        var source = ParticipantCalls.AnsweredBy(context, explorer);
        var findings = new Finding[parsed.Count];
        for (var i = 0; i < parsed.Count; i++)
        {
            findings[i] = new Finding
            {
                Id = $"{explorer.Name}#{i + 1}",
                Title = parsed[i].Title,
                Detail = parsed[i].Detail,
                Confidence = parsed[i].Confidence,
                Source = source,
            };
        }

        if (context.IsStreaming)
        {
            context.Report(new FindingsReportedEvent(context.RunId, context.TimeProvider.GetUtcNow(), source, findings));
        }

        _ = ParticipantCalls.Succeed(context, explorer, report => report with { FindingCount = report.FindingCount + findings.Length });
        return findings;
    }

    /// <summary>The state of one run of the stage, shared by its explorers.</summary>
    private sealed class ExploreRun(
        ConvergenceContext context,
        Finding[]?[] outcomes,
        SemaphoreSlim? gate,
        CancellationTokenSource early,
        CancellationToken callerToken,
        CancellationToken stageToken)
    {
        private readonly Lock _timerGate = new();
        private ITimer? _timer;
        private bool _stopped;
        private int _succeeded;

        public ConvergenceContext Context { get; } = context;

        public Finding[]?[] Outcomes { get; } = outcomes;

        public SemaphoreSlim? Gate { get; } = gate;

        /// <summary>Gets the token the stage was given: the caller's, the run's deadline and the stage's deadline.</summary>
        public CancellationToken StageToken { get; } = stageToken;

        /// <summary>Gets the source that cancels the stragglers once the grace period ends (linked to <see cref="StageToken"/>).</summary>
        public CancellationTokenSource Early { get; } = early;

        public CancellationToken CallerToken { get; } = callerToken;

        public int Succeeded() => Interlocked.Increment(ref _succeeded);

        public void StartTimer(TimeSpan grace)
        {
            lock (_timerGate)
            {
                if (_stopped || _timer is not null)
                {
                    return;
                }

                _timer = Context.TimeProvider.CreateTimer(static state => ((ExploreRun)state!).CancelStragglers(), this, grace, Timeout.InfiniteTimeSpan);
            }
        }

        public void StopTimer()
        {
            lock (_timerGate)
            {
                _stopped = true;
                _timer?.Dispose();
            }
        }

        private void CancelStragglers()
        {
            lock (_timerGate)
            {
                if (!_stopped)
                {
                    Early.Cancel();
                }
            }
        }
    }
}
