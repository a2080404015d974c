namespace Convergence;

/// <summary>Runs a stage, or the rest of a middleware chain around a stage.</summary>
/// <param name="context">The run's state; <see cref="ConvergenceContext.CurrentStage"/> names the stage.</param>
/// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
/// <returns>A task that completes when the stage is done.</returns>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Named like ASP.NET Core's RequestDelegate, which it mirrors.")]
public delegate Task StageDelegate(ConvergenceContext context, CancellationToken cancellationToken);
