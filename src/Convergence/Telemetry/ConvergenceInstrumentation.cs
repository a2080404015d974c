using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using static Convergence.ConvergenceTelemetryConstants;

namespace Convergence;

/// <summary>The <see cref="ActivitySource"/>, <see cref="Meter"/> and instruments of one <c>UseOpenTelemetry</c> call, created once and shared by every pipeline built from that builder.</summary>
/// <remarks>Pipelines are not disposable, so neither is this: the source and meter live as long as the builder's pipelines, like a static <c>ActivitySource</c>.</remarks>
internal sealed class ConvergenceInstrumentation
{
    public ConvergenceInstrumentation(string? sourceName, ConvergenceTelemetryOptions options)
    {
        var name = string.IsNullOrWhiteSpace(sourceName) ? DefaultSourceName : sourceName;
        var version = typeof(ConvergenceInstrumentation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        EnableSensitiveData = options.EnableSensitiveData;
        ActivitySource = new ActivitySource(name, version);
        Meter = new Meter(name, version);
        Calls = Meter.CreateCounter<long>(Names.CallsMetric, "{call}", "Participant calls that completed, by provider, role and error type.");
        CallDuration = Meter.CreateHistogram<double>(
            Names.CallDurationMetric, SecondsUnit, "Duration of participant calls, retries and backups included.", advice: DurationAdvice);
        Failures = Meter.CreateCounter<long>(Names.FailuresMetric, "{participant}", "Participants that failed in a run, by provider, role and kind of failure.");
        Tokens = Meter.CreateCounter<long>(Names.TokensMetric, TokensUnit, "Tokens used by participant calls, by provider, role and token type (input or output).");
        Cost = Meter.CreateCounter<double>(Names.CostMetric, null, "Estimated cost of participant calls, by provider and role (needs an ICostEstimator).");
        StageDuration = Meter.CreateHistogram<double>(Names.StageDurationMetric, SecondsUnit, "Duration of each stage.", advice: DurationAdvice);
        StageCandidates = Meter.CreateHistogram<long>(
            Names.StageCandidatesMetric, "{candidate}", "Candidates surviving each stage.", advice: new() { HistogramBucketBoundaries = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55] });
    }

    public bool EnableSensitiveData { get; }

    public ActivitySource ActivitySource { get; }

    public Meter Meter { get; }

    public Counter<long> Calls { get; }

    public Histogram<double> CallDuration { get; }

    public Counter<long> Failures { get; }

    public Counter<long> Tokens { get; }

    public Counter<double> Cost { get; }

    public Histogram<double> StageDuration { get; }

    public Histogram<long> StageCandidates { get; }

    private static InstrumentAdvice<double> DurationAdvice { get; } = new()
    {
        HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92, 163.84],
    };
}
