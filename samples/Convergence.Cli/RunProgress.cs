using System.Globalization;

namespace Convergence.Cli;

/// <summary>Shows a run's progress from its streamed events and returns the result the last event carries.</summary>
internal abstract class RunProgress
{
    private readonly Dictionary<string, string> _titles = new(StringComparer.Ordinal);

    /// <summary>Gets the stage in progress, if any.</summary>
    protected string? Stage { get; private set; }

    /// <summary>Consumes the events; throws <see cref="OperationCanceledException"/> if the run is cancelled.</summary>
    public abstract Task<ConvergenceResult> RunAsync(IAsyncEnumerable<ConvergenceEvent> events, CancellationToken cancellationToken);

    /// <summary>Tracks what every view needs (the stage, candidate titles) and returns the result on the last event.</summary>
    protected ConvergenceResult? Track(ConvergenceEvent e)
    {
        switch (e)
        {
            case StageStartedEvent started:
                Stage = started.Stage;
                break;
            case StageCompletedEvent:
                Stage = null;
                break;
            case SynthesisCompletedEvent synthesis:
                foreach (var candidate in synthesis.Candidates)
                {
                    _titles[candidate.Id] = candidate.Title;
                }

                break;
            case RunCompletedEvent completed:
                return completed.Result;
        }

        return null;
    }

    protected string TitleOf(string candidateId) => _titles.TryGetValue(candidateId, out var title) ? title : candidateId;

    public static string Seconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.0}s");

    public static long Tokens(TokenUsage usage) => usage.TotalTokens > 0 ? usage.TotalTokens : usage.InputTokens + usage.OutputTokens;

    public static string Role(ConvergenceRole role) => role.Value switch
    {
        "explorer" => "explore",
        "builder" => "build",
        "auditor" => "audit",
        var other => other,
    };

    /// <summary>One plain line for an event, or <see langword="null"/> for events not worth a line.</summary>
    protected string? Describe(ConvergenceEvent e)
    {
        var invariant = CultureInfo.InvariantCulture;
        return e switch
        {
            StageStartedEvent s => $"[{s.Stage}] started",
            StageCompletedEvent s => $"[{s.Stage}] done in {Seconds(s.Duration)}",
            ParticipantCompletedEvent { Report: var r } => string.Create(invariant,
                $"[{Role(r.Role)}] {r.Name} ({r.Provider}) succeeded {Seconds(r.Latency)} {Tokens(r.Usage)} tokens{(r.Role == ConvergenceRole.Explorer ? $", {r.FindingCount} findings" : string.Empty)}"),
            ParticipantFailedEvent { Report: var r } => string.Create(invariant,
                $"[{Role(r.Role)}] {r.Name} ({r.Provider}) failed ({ResultPrinter.Contract(r.ErrorKind)}) {Seconds(r.Latency)}: {r.Error}"),
            SynthesisCompletedEvent s => string.Create(invariant,
                $"[synthesize] {s.Candidates.Count} candidates, {s.Candidates.Count(static c => c.DistinctProviders > 1)} found by more than one provider"),
            BuildAttemptCompletedEvent b => string.Create(invariant,
                $"[build] \"{TitleOf(b.CandidateId)}\" attempt {b.Attempt.Iteration} by {b.Attempt.Builder?.Name}: {(b.Attempt.Passed ? "verified" : "not verified")}"),
            AuditCompletedEvent a => string.Create(invariant,
                $"[audit] \"{TitleOf(a.CandidateId)}\": {ResultPrinter.Contract(a.Decision.Verdict)} ({a.Decision.Approvals} approve, {a.Decision.Revisions} revise, {a.Decision.Rejections} reject{(a.Decision.Vetoed ? ", vetoed" : string.Empty)})"),
            _ => null,
        };
    }
}
