using Microsoft.Extensions.AI;

namespace Convergence.Testing;

/// <summary>The <see cref="IChatClient.GetService"/> answer both test doubles give: their metadata, or themselves.</summary>
internal static class TestClientServices
{
    public static object? Get(IChatClient client, ChatClientMetadata metadata, Type serviceType, object? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? metadata
            : serviceType.IsInstanceOfType(client) ? client
            : null;
    }
}
