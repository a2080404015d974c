using Microsoft.Extensions.Logging;

namespace Convergence;

/// <summary>What a built pipeline shares between its runs: the participants' resilience pipelines (circuit breakers included), the run store, the redactor and the deadlines.</summary>
internal sealed record PipelineRuntime(
    ParticipantResilience Resilience,
    IRunStore? Store,
    SecretRedactor Redactor,
    ILogger Logger,
    TimeSpan? RunTimeout,
    IReadOnlyDictionary<string, TimeSpan> StageTimeouts);
