namespace Convergence;

/// <summary>Names of Convergence's spans, metrics and attributes; GenAI ones follow the OpenTelemetry semantic conventions, as MEAI's <c>OpenTelemetryChatClient</c> does.</summary>
internal static class ConvergenceTelemetryConstants
{
    public const string DefaultSourceName = "Convergence";

    public const string RunSpan = "convergence.run";
    public const string StageSpanPrefix = "convergence.stage ";
    public const string InvokeAgent = "invoke_agent";

    public const string SecondsUnit = "s";
    public const string TokensUnit = "{token}";

    public static class Names
    {
        public const string RunId = "convergence.run.id";
        public const string RunStatus = "convergence.run.status";
        public const string Task = "convergence.task";
        public const string Stage = "convergence.stage";
        public const string Role = "convergence.role";
        public const string Participant = "convergence.participant";
        public const string Candidates = "convergence.candidates";
        public const string ErrorKind = "convergence.error.kind";
        public const string Replayed = "convergence.replayed";
        public const string Attempts = "convergence.attempts";
        public const string Cost = "convergence.cost";
        public const string Reply = "convergence.reply";
        public const string Warnings = "convergence.warnings";

        public const string CallsMetric = "convergence.participant.calls";
        public const string CallDurationMetric = "convergence.participant.call.duration";
        public const string FailuresMetric = "convergence.participant.failures";
        public const string TokensMetric = "convergence.tokens";
        public const string CostMetric = "convergence.cost";
        public const string StageDurationMetric = "convergence.stage.duration";
        public const string StageCandidatesMetric = "convergence.stage.candidates";
    }

    public static class GenAI
    {
        public const string OperationName = "gen_ai.operation.name";
        public const string ProviderName = "gen_ai.provider.name";
        public const string AgentName = "gen_ai.agent.name";
        public const string RequestModel = "gen_ai.request.model";
        public const string ResponseModel = "gen_ai.response.model";
        public const string InputTokens = "gen_ai.usage.input_tokens";
        public const string OutputTokens = "gen_ai.usage.output_tokens";
        public const string TokenType = "gen_ai.token.type";
        public const string InputMessages = "gen_ai.input.messages";
    }

    public const string ErrorType = "error.type";
}
