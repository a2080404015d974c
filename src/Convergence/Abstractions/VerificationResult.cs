namespace Convergence;

/// <summary>The outcome of verifying an artifact: pass or fail, feedback text for the builder, and optional metrics.</summary>
public sealed record VerificationResult
{
    /// <summary>Gets a value indicating whether the artifact is proven.</summary>
    public bool Passed { get; init; }

    /// <summary>Gets the feedback: what failed and why (the builder's next prompt carries it), or what passed.</summary>
    public string Feedback { get; init; } = string.Empty;

    /// <summary>Gets numeric metrics (for example <c>tests=42</c>, <c>ms=12.5</c>); the build stage can pick the best artifact by one of them.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Creates a passing result.</summary>
    /// <param name="feedback">What passed; optional.</param>
    /// <param name="metrics">Metrics; optional.</param>
    /// <returns>The result.</returns>
    public static VerificationResult Pass(string? feedback = null, IReadOnlyDictionary<string, double>? metrics = null) =>
        new() { Passed = true, Feedback = feedback ?? string.Empty, Metrics = metrics ?? new Dictionary<string, double>(StringComparer.Ordinal) };

    /// <summary>Creates a failing result.</summary>
    /// <param name="feedback">What failed and why; the builder sees it in its next attempt.</param>
    /// <param name="metrics">Metrics; optional.</param>
    /// <returns>The result.</returns>
    public static VerificationResult Fail(string feedback, IReadOnlyDictionary<string, double>? metrics = null) =>
        new() { Passed = false, Feedback = feedback ?? string.Empty, Metrics = metrics ?? new Dictionary<string, double>(StringComparer.Ordinal) };
}
