using Microsoft.Extensions.AI;

namespace Convergence.Providers;

/// <summary>
/// Wraps an SDK's chat client so that it reports the configured identity (provider key, endpoint, model) through
/// <see cref="ChatClientMetadata"/>, and disposes what was created for it.
/// </summary>
internal sealed class ProviderChatClient : DelegatingChatClient
{
    private readonly ChatClientMetadata _metadata;
    private readonly IDisposable? _owned;

    public ProviderChatClient(IChatClient inner, ResolvedProvider provider, string? model, IDisposable? owned = null)
        : base(inner)
    {
        _metadata = new ChatClientMetadata(provider.Key, provider.Endpoint, model ?? inner.GetService<ChatClientMetadata>()?.DefaultModelId);
        _owned = owned;
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata : base.GetService(serviceType, serviceKey);
    }

    protected override void Dispose(bool disposing)
    {
        // The SDK client first, then what it was given (for Ollama, its HttpClient).
        base.Dispose(disposing);
        if (disposing)
        {
            _owned?.Dispose();
        }
    }
}
