namespace Convergence.Providers;

/// <summary>The <c>Convergence:Build</c> configuration section. Unset values are <see langword="null"/>, so the caller applies its own defaults.</summary>
public sealed class BuildSettings
{
    /// <summary>Gets or sets how many of the top candidates are built.</summary>
    public int? TopK { get; set; }

    /// <summary>Gets or sets how many times a builder may iterate on the verifier's feedback.</summary>
    public int? MaxIterations { get; set; }

    /// <summary>Gets or sets the verifier command; <c>{artifact}</c> is replaced by the path of a file holding the artifact, and exit code 0 means verified.</summary>
    public string? VerifyCommand { get; set; }
}
