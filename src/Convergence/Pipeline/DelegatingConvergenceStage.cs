namespace Convergence;

/// <summary>A stage that wraps another stage and passes calls through to it; derive from it to add behaviour around a stage.</summary>
/// <remarks>The shape of <c>Microsoft.Extensions.AI.DelegatingChatClient</c>: override <see cref="RunAsync"/> and call the base to continue.</remarks>
public class DelegatingConvergenceStage : IConvergenceStage
{
    /// <summary>Initializes a new instance of the <see cref="DelegatingConvergenceStage"/> class.</summary>
    /// <param name="innerStage">The wrapped stage.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerStage"/> is <see langword="null"/>.</exception>
    protected DelegatingConvergenceStage(IConvergenceStage innerStage)
    {
        ArgumentNullException.ThrowIfNull(innerStage);
        InnerStage = innerStage;
    }

    /// <summary>Gets the wrapped stage.</summary>
    protected IConvergenceStage InnerStage { get; }

    /// <inheritdoc/>
    public virtual string Name => InnerStage.Name;

    /// <inheritdoc/>
    public virtual Task RunAsync(ConvergenceContext context, CancellationToken cancellationToken) =>
        InnerStage.RunAsync(context, cancellationToken);
}
