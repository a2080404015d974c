namespace Convergence.Tests.Synthesis;

internal static class SynthesisTestData
{
    public static readonly ParticipantIdentity Gpt = new("gpt", "openai", "gpt-4o");
    public static readonly ParticipantIdentity GptMini = new("gpt-mini", "openai", "gpt-4o-mini");
    public static readonly ParticipantIdentity Claude = new("claude", "anthropic", "claude-sonnet-4-5");
    public static readonly ParticipantIdentity Gemini = new("gemini", "google", "gemini-2.5-pro");
    public static readonly ParticipantIdentity Llama = new("llama", "meta", "llama-3-70b");

    public static Candidate Finding(string id, ParticipantIdentity source, string title, string detail = "")
        => Candidate.FromFinding(new Finding { Id = id, Title = title, Detail = detail, Source = source });

    public static SynthesisRequest Request(IReadOnlyList<Candidate> candidates, params ParticipantIdentity[] panel)
        => new(candidates, panel.Length > 0 ? panel : candidates.SelectMany(c => c.Supporters).DistinctBy(p => p.Name).ToArray(), "review the code");
}
