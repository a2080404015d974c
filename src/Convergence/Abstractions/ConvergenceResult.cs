namespace Convergence;

/// <summary>The result of a run: ranked candidates, every participant's report, usage and warnings.</summary>
/// <remarks>Serializes to the result JSON contract with <see cref="ConvergenceJsonUtilities.DefaultOptions"/>.</remarks>
public sealed record ConvergenceResult
{
    /// <summary>Gets the run identifier.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the outcome of the run.</summary>
    public RunStatus Status { get; init; }

    /// <summary>Gets the task the run worked on.</summary>
    public string Task { get; init; } = string.Empty;

    /// <summary>Gets the candidates, best first.</summary>
    public IReadOnlyList<Candidate> Candidates { get; init; } = [];

    /// <summary>Gets the report of every participant, in registration order.</summary>
    public IReadOnlyList<ParticipantReport> Participants { get; init; } = [];

    /// <summary>Gets the token usage of the whole run.</summary>
    public TokenUsage Usage { get; init; } = TokenUsage.Empty;

    /// <summary>Gets what the caller should know: failures, skipped work, monoculture, quorum.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Gets every finding the explorers reported, in participant order.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Gets how the run narrowed: explored findings, candidates, built, verified, approved.</summary>
    public ConvergenceFunnel Funnel { get; init; } = new();

    /// <summary>Gets when the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets the wall time of the run.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the candidates that only one provider supports.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<Candidate> Dissent => Candidates.Where(static c => c.IsDissent);
}
