namespace Convergence.Testing;

/// <summary>One recorded reply of a <see cref="ReplayRecording"/>.</summary>
/// <remarks>
/// JSON shape (camelCase): <c>{"text": "...", "inputTokens": 812, "outputTokens": 240, "match": null, "delayMs": 0}</c>.
/// Only <c>text</c> is required.
/// </remarks>
public sealed class ReplayReply
{
    /// <summary>Gets or sets the text of the reply (the assistant message). Required.</summary>
    public string? Text { get; set; }

    /// <summary>Gets or sets the input token count reported as usage, or <see langword="null"/> if unknown.</summary>
    public long? InputTokens { get; set; }

    /// <summary>Gets or sets the output token count reported as usage, or <see langword="null"/> if unknown.</summary>
    public long? OutputTokens { get; set; }

    /// <summary>
    /// Gets or sets the text that selects this reply: when set, the reply is served (any number of times) for every
    /// request whose text contains it (ordinal comparison); when several replies match, the longest match wins, then
    /// the first in the file. When <see langword="null"/>, the reply is served in order.
    /// </summary>
    public string? Match { get; set; }

    /// <summary>Gets or sets how long, in milliseconds, to wait before serving the reply (on the client's <see cref="TimeProvider"/>). 0 by default.</summary>
    public int DelayMs { get; set; }
}
