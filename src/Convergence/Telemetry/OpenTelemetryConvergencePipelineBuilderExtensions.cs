namespace Convergence;

/// <summary>Adds OpenTelemetry traces and metrics to a convergence pipeline.</summary>
public static class OpenTelemetryConvergencePipelineBuilderExtensions
{
    /// <summary>
    /// Adds OpenTelemetry traces and metrics through <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>:
    /// a span for the run, for each stage and for each participant call (with GenAI semantic-convention attributes), and counters and
    /// histograms of calls, failures, tokens, cost, stage duration and surviving candidates. Content stays out of spans unless
    /// <see cref="ConvergenceTelemetryOptions.EnableSensitiveData"/> is set.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="sourceName">The name of the activity source and meter; <c>Convergence</c> by default. Add it to the tracer and meter providers.</param>
    /// <param name="configure">Sets options; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Add it first, so its stage spans wrap the other middleware. Participant calls run inside their span, so clients wrapped with MEAI's
    /// <c>UseOpenTelemetry</c> add their <c>chat</c> spans under it: one connected trace from the run down to the HTTP call.
    /// </remarks>
    public static ConvergencePipelineBuilder UseOpenTelemetry(
        this ConvergencePipelineBuilder builder, string? sourceName = null, Action<ConvergenceTelemetryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new ConvergenceTelemetryOptions();
        configure?.Invoke(options);
        var instrumentation = new ConvergenceInstrumentation(sourceName, options);
        return builder
            .Use(stage => new OpenTelemetryConvergenceStage(stage, instrumentation))
            .UseObserver(_ => new OpenTelemetryConvergenceObserver(instrumentation));
    }
}
