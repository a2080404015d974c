namespace Convergence;

/// <summary>Fans the task out to every explorer in parallel and collects their findings; one explorer failing never fails the others.</summary>
internal sealed class ExploreStage : IConvergenceStage
{
    private readonly ExploreOptions _options;
    private readonly int _quorum;

    public ExploreStage(ExploreOptions options, int quorum)
    {
        _options = options;
        _quorum = quorum;
    }

    public string Name => ConvergenceStageNames.Explore;

    public async Task RunAsync(ConvergenceContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var explorers = context.GetParticipants(ConvergenceRole.Explorer);
        var outcomes = new Finding[]?[explorers.Count];
        using var gate = explorers.Count > _options.MaxDegreeOfParallelism ? new SemaphoreSlim(_options.MaxDegreeOfParallelism) : null;

        var calls = new Task[explorers.Count];
        for (var i = 0; i < explorers.Count; i++)
        {
            calls[i] = ExploreAsync(context, explorers[i], outcomes, i, gate, cancellationToken);
        }

        await Task.WhenAll(calls);

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

    private async Task ExploreAsync(
        ConvergenceContext context, Participant explorer, Finding[]?[] outcomes, int index, SemaphoreSlim? gate, CancellationToken cancellationToken)
    {
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        try
        {
            outcomes[index] = await CallAsync(context, explorer, cancellationToken);
        }
        finally
        {
            _ = gate?.Release();
        }
    }

    /// <returns>The explorer's findings, or <see langword="null"/> when it failed (the failure is in its report).</returns>
    private async Task<Finding[]?> CallAsync(ConvergenceContext context, Participant explorer, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var messages = ExplorerPrompt.CreateMessages(_options, explorer, context.Request);
        var options = ExplorerPrompt.CreateOptions(_options, explorer, context.Request);
        var response = await ParticipantCalls.GetResponseAsync(context, explorer, messages, options, cancellationToken);
        if (response is null)
        {
            return null;
        }

        var text = response.Text;
        if (!ExplorerReplyParser.TryParse(text, out var parsed, out var error))
        {
            var kind = string.IsNullOrWhiteSpace(text) ? ParticipantErrorKind.EmptyReply : ParticipantErrorKind.InvalidReply;
            ParticipantCalls.Fail(context, explorer, kind, $"Unusable reply: {error}.", ParticipantCalls.Cap(text, _options.MaxRawReplyLength));
            return null;
        }

        var findings = new Finding[parsed.Count];
        for (var i = 0; i < parsed.Count; i++)
        {
            findings[i] = new Finding
            {
                Id = $"{explorer.Name}#{i + 1}",
                Title = parsed[i].Title,
                Detail = parsed[i].Detail,
                Confidence = parsed[i].Confidence,
                Source = explorer.Identity,
            };
        }

        if (context.IsStreaming)
        {
            context.Report(new FindingsReportedEvent(context.RunId, context.TimeProvider.GetUtcNow(), explorer.Identity, findings));
        }

        _ = ParticipantCalls.Succeed(context, explorer, report => report with { FindingCount = report.FindingCount + findings.Length });
        return findings;
    }
}
