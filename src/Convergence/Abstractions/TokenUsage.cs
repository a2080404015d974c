using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>Token counts, summed exactly across calls, participants, roles and runs.</summary>
public sealed record TokenUsage
{
    /// <summary>Gets an empty usage.</summary>
    public static TokenUsage Empty { get; } = new();

    /// <summary>Gets the number of input (prompt) tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the number of output (completion) tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Gets the total number of tokens, as the provider reported it (or input plus output).</summary>
    public long TotalTokens { get; init; }

    /// <summary>Gets the number of input tokens the provider read from its cache (a part of <see cref="InputTokens"/>), when it reports them.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Gets the number of reasoning tokens (a part of <see cref="OutputTokens"/>), when the provider reports them.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Converts a Microsoft.Extensions.AI <see cref="UsageDetails"/> to a <see cref="TokenUsage"/>.</summary>
    /// <param name="usage">The usage, or <see langword="null"/>.</param>
    /// <returns>The usage; <see cref="Empty"/> when <paramref name="usage"/> is <see langword="null"/>.</returns>
    public static TokenUsage FromUsageDetails(UsageDetails? usage)
    {
        if (usage is null)
        {
            return Empty;
        }

        long input = usage.InputTokenCount ?? 0, output = usage.OutputTokenCount ?? 0;
        return new()
        {
            InputTokens = input,
            OutputTokens = output,
            TotalTokens = usage.TotalTokenCount ?? input + output,
            CachedInputTokens = usage.CachedInputTokenCount ?? 0,
            ReasoningTokens = usage.ReasoningTokenCount ?? 0,
        };
    }

    /// <summary>Converts this usage to a Microsoft.Extensions.AI <see cref="UsageDetails"/>.</summary>
    /// <returns>A new <see cref="UsageDetails"/> with the same counts.</returns>
    public UsageDetails ToUsageDetails() => new()
    {
        InputTokenCount = InputTokens,
        OutputTokenCount = OutputTokens,
        TotalTokenCount = TotalTokens,
        CachedInputTokenCount = CachedInputTokens == 0 ? null : CachedInputTokens,
        ReasoningTokenCount = ReasoningTokens == 0 ? null : ReasoningTokens,
    };

    /// <summary>Adds two usages.</summary>
    /// <param name="left">The first usage.</param>
    /// <param name="right">The second usage.</param>
    /// <returns>The sum.</returns>
    public static TokenUsage operator +(TokenUsage left, TokenUsage right) => Add(left, right);

    /// <summary>Adds two usages.</summary>
    /// <param name="left">The first usage.</param>
    /// <param name="right">The second usage.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static TokenUsage Add(TokenUsage left, TokenUsage right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new()
        {
            InputTokens = left.InputTokens + right.InputTokens,
            OutputTokens = left.OutputTokens + right.OutputTokens,
            TotalTokens = left.TotalTokens + right.TotalTokens,
            CachedInputTokens = left.CachedInputTokens + right.CachedInputTokens,
            ReasoningTokens = left.ReasoningTokens + right.ReasoningTokens,
        };
    }
}
