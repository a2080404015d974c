using System.Net;

namespace Convergence.Tests.Providers.Fakes;

/// <summary>What a fake model server answers to one chat request: a reply with usage, or an HTTP error.</summary>
public sealed record FakeReply(string Text, int InputTokens, int OutputTokens, HttpStatusCode Status = HttpStatusCode.OK)
{
    public static FakeReply Error(HttpStatusCode status) => new(string.Empty, 0, 0, status);

    public bool IsError => Status != HttpStatusCode.OK;
}
