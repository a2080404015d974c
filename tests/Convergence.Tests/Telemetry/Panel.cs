using Convergence.Testing;
using Microsoft.Extensions.AI;

namespace Convergence.Tests.Telemetry;

/// <summary>A scripted three-provider panel whose replies carry distinct, known token counts, so totals can be checked exactly.</summary>
internal static class Panel
{
    public const string Task = "Find the defects in the payment retry loop";

    public static ChatResponse Reply(string title, long input, long output, long? cached = null) =>
        new(new ChatMessage(ChatRole.Assistant, $$"""{"findings": [{"title": "{{title}}", "detail": "Why {{title}} matters.", "confidence": 0.8}]}"""))
        {
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output, CachedInputTokenCount = cached },
        };

    /// <summary>gpt (openai, 100+20), claude (anthropic: an unusable reply of 90+10, then after the repair request 110+30), gemini (google, 120+25).</summary>
    public static (ScriptedChatClient Gpt, ScriptedChatClient Claude, ScriptedChatClient Gemini) Create() =>
        (new ScriptedChatClient("openai", "gpt-4o-mini").Reply(Reply("Unbounded retries", 100, 20, cached: 40)),
         new ScriptedChatClient("anthropic", "claude-sonnet-4-5")
            .Reply(new ChatResponse(new ChatMessage(ChatRole.Assistant, "I think it is fine, no JSON here.")) { Usage = new UsageDetails { InputTokenCount = 90, OutputTokenCount = 10, TotalTokenCount = 100 } })
            .Reply(Reply("Unbounded retries", 110, 30)),
         new ScriptedChatClient("google", "gemini-2.5-flash").Reply(Reply("Missing idempotency key", 120, 25)));

    public static ConvergencePipelineBuilder Builder(IChatClient gpt, IChatClient claude, IChatClient gemini) =>
        new ConvergencePipelineBuilder()
            .AddExplorer(gpt, o => o.Name = "gpt")
            .AddExplorer(claude, o => o.Name = "claude")
            .AddExplorer(gemini, o => o.Name = "gemini");

    /// <summary>Wraps a client and sums, with MEAI's own <see cref="UsageDetails.Add"/>, the usage of every response it returned.</summary>
    public sealed class Tally(IChatClient inner) : DelegatingChatClient(inner)
    {
        private readonly Lock _gate = new();

        public UsageDetails Reported { get; } = new();

        public int Responses { get; private set; }

        public override async Task<ChatResponse> GetResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            lock (_gate)
            {
                Responses++;
                if (response.Usage is { } usage)
                {
                    Reported.Add(usage);
                }
            }

            return response;
        }
    }
}
