namespace Convergence.Providers;

/// <summary>
/// The <c>Convergence</c> configuration is not usable: an unknown provider type, a participant naming an unknown provider, a duplicate
/// participant name, a missing model or endpoint, or a missing API key (<see cref="MissingApiKeyException"/>).
/// </summary>
/// <remarks>
/// Thrown before any call is made. The message is one line that names the configuration path of the problem (for example
/// <c>Convergence:Providers:gpt:Type</c>) and never contains a secret; a command-line host can print it and exit with code 2.
/// </remarks>
public class ConvergenceConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ConvergenceConfigurationException"/> class.</summary>
    public ConvergenceConfigurationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConvergenceConfigurationException"/> class.</summary>
    /// <param name="message">What is wrong, naming the configuration path.</param>
    public ConvergenceConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConvergenceConfigurationException"/> class.</summary>
    /// <param name="message">What is wrong, naming the configuration path.</param>
    /// <param name="innerException">The underlying error.</param>
    public ConvergenceConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
