namespace Convergence;

/// <summary>Options of the OpenTelemetry middleware added by <see cref="OpenTelemetryConvergencePipelineBuilderExtensions.UseOpenTelemetry"/>.</summary>
public sealed class ConvergenceTelemetryOptions
{
    /// <summary>Gets or sets a value indicating whether spans carry content: the task, the messages sent to participants and their replies. Off by default.</summary>
    /// <remarks>Content may hold personal or confidential data; secrets configured in <see cref="ConvergencePipelineOptions.Secrets"/> are redacted from it even when this is on.</remarks>
    public bool EnableSensitiveData { get; set; }
}
