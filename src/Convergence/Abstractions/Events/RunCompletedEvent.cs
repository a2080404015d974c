namespace Convergence;

/// <summary>The run completed; the event carries the result.</summary>
public sealed class RunCompletedEvent : ConvergenceEvent
{
    /// <summary>Initializes a new instance of the <see cref="RunCompletedEvent"/> class.</summary>
    /// <param name="runId">The run the event belongs to.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="result">The result of the run.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public RunCompletedEvent(string runId, DateTimeOffset timestamp, ConvergenceResult result)
        : base(runId, timestamp)
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    /// <summary>Gets the result of the run.</summary>
    public ConvergenceResult Result { get; }
}
