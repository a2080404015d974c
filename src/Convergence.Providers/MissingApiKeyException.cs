namespace Convergence.Providers;

/// <summary>The environment variable that a provider's <c>ApiKeyEnv</c> names is not set (or is empty).</summary>
/// <remarks>The message names the variable and the provider; it never contains a key.</remarks>
public sealed class MissingApiKeyException : ConvergenceConfigurationException
{
    /// <summary>Initializes a new instance of the <see cref="MissingApiKeyException"/> class.</summary>
    public MissingApiKeyException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MissingApiKeyException"/> class.</summary>
    /// <param name="message">The message.</param>
    public MissingApiKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MissingApiKeyException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying error.</param>
    public MissingApiKeyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MissingApiKeyException"/> class for a provider and a variable.</summary>
    /// <param name="providerKey">The provider's key in configuration.</param>
    /// <param name="variableName">The environment variable that is not set.</param>
    public MissingApiKeyException(string providerKey, string variableName)
        : base($"The API key of provider '{providerKey}' is missing: set the environment variable {variableName} " +
               $"(named by {ConvergenceSettings.SectionName}:Providers:{providerKey}:ApiKeyEnv).")
    {
        ProviderKey = providerKey;
        VariableName = variableName;
    }

    /// <summary>Gets the key of the provider whose API key is missing.</summary>
    public string? ProviderKey { get; }

    /// <summary>Gets the name of the environment variable that is not set.</summary>
    public string? VariableName { get; }
}
