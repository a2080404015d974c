namespace Convergence;

/// <summary>A run as a <see cref="IRunStore"/> keeps it: what it was asked, where it stands, and its result once it has one.</summary>
/// <remarks>The request's <see cref="ConvergenceRequest.Options"/> are not kept: a resumed run uses the pipeline's participants and options.</remarks>
public sealed record RunRecord
{
    /// <summary>Gets the run identifier.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the task.</summary>
    public required string Task { get; init; }

    /// <summary>Gets the context given with the task, if any.</summary>
    public string? Context { get; init; }

    /// <summary>Gets where the run stands.</summary>
    public RunState State { get; init; }

    /// <summary>Gets when the run first started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when the record was last saved.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets the result: the final one once the run ended, the partial one when it was cancelled; otherwise <see langword="null"/>.</summary>
    public ConvergenceResult? Result { get; init; }
}
