using System.Diagnostics;
using Microsoft.Extensions.AI;

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
        var time = context.TimeProvider;
        if (context.IsStreaming)
        {
            context.Report(new ParticipantStartedEvent(context.RunId, time.GetUtcNow(), explorer.Identity, explorer.Role));
        }

        var messages = ExplorerPrompt.CreateMessages(_options, explorer, context.Request);
        var options = ExplorerPrompt.CreateOptions(_options, explorer, context.Request);
        var started = time.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await explorer.Client.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var kind = ex is TimeoutException or OperationCanceledException ? ParticipantErrorKind.Timeout : ParticipantErrorKind.Exception;
            Fail(context, explorer, kind, $"{ex.GetType().Name}: {ex.Message}", time.GetElapsedTime(started), TokenUsage.Empty, rawReply: null);
            return null;
        }

        var latency = time.GetElapsedTime(started);
        var usage = TokenUsage.FromUsageDetails(response.Usage);
        var text = response.Text;
        if (!ExplorerReplyParser.TryParse(text, out var parsed, out var error))
        {
            var kind = string.IsNullOrWhiteSpace(text) ? ParticipantErrorKind.EmptyReply : ParticipantErrorKind.InvalidReply;
            Fail(context, explorer, kind, $"Unusable reply: {error}.", latency, usage, Cap(text));
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

        var report = context.UpdateParticipantReport(explorer.Name, current => Accumulate(current, explorer, latency, usage) with
        {
            FindingCount = (current?.FindingCount ?? 0) + findings.Length,
        });

        if (context.IsStreaming)
        {
            var now = time.GetUtcNow();
            context.Report(new FindingsReportedEvent(context.RunId, now, explorer.Identity, findings));
            context.Report(new ParticipantCompletedEvent(context.RunId, now, report));
        }

        return findings;
    }

    private static void Fail(
        ConvergenceContext context, Participant explorer, ParticipantErrorKind kind, string error, TimeSpan latency, TokenUsage usage, string? rawReply)
    {
        var report = context.UpdateParticipantReport(explorer.Name, current => Accumulate(current, explorer, latency, usage) with
        {
            Status = ParticipantStatus.Failed,
            ErrorKind = kind,
            Error = error,
            RawReply = rawReply,
        });

        context.AddWarning($"Explorer '{explorer.Name}' failed ({kind}): {error}");
        if (context.IsStreaming)
        {
            context.Report(new ParticipantFailedEvent(context.RunId, context.TimeProvider.GetUtcNow(), report));
        }
    }

    private static ParticipantReport Accumulate(ParticipantReport? current, Participant participant, TimeSpan latency, TokenUsage usage) =>
        current is null
            ? new ParticipantReport
            {
                Name = participant.Name,
                Role = participant.Role,
                Provider = participant.Provider,
                Model = participant.Model,
                Latency = latency,
                Usage = usage,
                Calls = 1,
            }
            : current with { Latency = current.Latency + latency, Usage = current.Usage + usage, Calls = current.Calls + 1 };

    private string? Cap(string? text)
    {
        if (text is null || text.Length <= _options.MaxRawReplyLength)
        {
            return text;
        }

        Debug.Assert(_options.MaxRawReplyLength >= 0, "validated");
        return string.Concat(text.AsSpan(0, _options.MaxRawReplyLength), $"…[{text.Length - _options.MaxRawReplyLength} more characters]");
    }
}
