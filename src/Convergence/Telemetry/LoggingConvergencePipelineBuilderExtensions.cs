using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Convergence;

/// <summary>Adds structured logging to a convergence pipeline.</summary>
public static class LoggingConvergencePipelineBuilderExtensions
{
    /// <summary>
    /// Adds source-generated, structured logging (category <c>Convergence</c>): the run (Information), each stage (Debug when it starts,
    /// Information when it ends, Error when it throws), each participant call (Debug) and each participant's success (Information) or
    /// failure (Warning). Messages and replies are logged only at Trace, and secrets never are.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="loggerFactory">The logger factory; by default the <see cref="ILoggerFactory"/> service. With none (or <see cref="NullLoggerFactory"/>) nothing is added.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ConvergencePipelineBuilder UseLogging(this ConvergencePipelineBuilder builder, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .Use((stage, services) => CreateLogger(loggerFactory, services) is { } logger ? new LoggingConvergenceStage(stage, logger) : stage)
            .UseObserver(services => CreateLogger(loggerFactory, services) is { } logger ? new LoggingConvergenceObserver(logger) : null);
    }

    private static ILogger? CreateLogger(ILoggerFactory? loggerFactory, IServiceProvider services)
    {
        loggerFactory ??= services.GetService<ILoggerFactory>();
        return loggerFactory is null or NullLoggerFactory ? null : loggerFactory.CreateLogger(ConvergenceLog.Category);
    }
}
