using Microsoft.Extensions.AI;
using Polly;

namespace Convergence.Tests.TestDoubles;

/// <summary>Injects faults in front of a chat client with a Polly chaos pipeline (Simmy: fault, latency, outcome).</summary>
internal sealed class ChaosChatClient(IChatClient inner, ResiliencePipeline<ChatResponse> chaos) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await chaos.ExecuteAsync(
            static async (state, ct) => await state.Inner.GetResponseAsync(state.Messages, state.Options, ct),
            (Inner: InnerClient, Messages: messages, Options: options),
            cancellationToken);
}
