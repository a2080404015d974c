namespace Convergence;

/// <summary>The names of the built-in stages.</summary>
public static class ConvergenceStageNames
{
    /// <summary>The explore (fan-out) stage.</summary>
    public const string Explore = "explore";

    /// <summary>The synthesize stage.</summary>
    public const string Synthesize = "synthesize";

    /// <summary>The build stage.</summary>
    public const string Build = "build";

    /// <summary>The audit stage.</summary>
    public const string Audit = "audit";
}
