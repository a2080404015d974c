namespace Convergence;

/// <summary>One stage of the pipeline (explore, synthesize, build, audit, or a custom one).</summary>
/// <remarks>
/// A stage reads and writes the run's state through its <see cref="ConvergenceContext"/>; it keeps no state of its own,
/// so one instance serves many concurrent runs. Wrap a stage with <see cref="DelegatingConvergenceStage"/> to add behaviour around it.
/// </remarks>
public interface IConvergenceStage
{
    /// <summary>Gets the stage's name (see <see cref="ConvergenceStageNames"/>).</summary>
    string Name { get; }

    /// <summary>Runs the stage for one run.</summary>
    /// <param name="context">The run's state.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the stage is done.</returns>
    Task RunAsync(ConvergenceContext context, CancellationToken cancellationToken);
}
