namespace Convergence;

/// <summary>A delegating stage whose behaviour is a delegate: the shape behind the builder's inline <c>Use</c> overloads.</summary>
internal sealed class AnonymousDelegatingConvergenceStage : DelegatingConvergenceStage
{
    private readonly Func<ConvergenceContext, StageDelegate, CancellationToken, Task> _middleware;
    private readonly StageDelegate _next;

    public AnonymousDelegatingConvergenceStage(IConvergenceStage innerStage, Func<ConvergenceContext, StageDelegate, CancellationToken, Task> middleware)
        : base(innerStage)
    {
        _middleware = middleware;
        _next = innerStage.RunAsync;
    }

    public override Task RunAsync(ConvergenceContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _middleware(context, _next, cancellationToken);
    }
}
