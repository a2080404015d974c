namespace Convergence.Providers;

/// <summary>Options of <see cref="ProviderChatClientFactory"/>: where secrets and files come from, the clock, and the network timeout.</summary>
public sealed class ProviderFactoryOptions
{
    private Func<string, string?> _getEnvironmentVariable = Environment.GetEnvironmentVariable;
    private TimeProvider _timeProvider = TimeProvider.System;
    private TimeSpan _networkTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how an environment variable is read (API keys, <c>OLLAMA_HOST</c>). The default is <see cref="Environment.GetEnvironmentVariable(string)"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public Func<string, string?> GetEnvironmentVariable
    {
        get => _getEnvironmentVariable;
        set => _getEnvironmentVariable = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets or sets the directory that relative replay <c>Path</c>s are resolved against (typically the configuration file's directory); by default the current directory.</summary>
    public string? BasePath { get; set; }

    /// <summary>Gets or sets the clock replay delays wait on. The default is <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets or sets the SDKs' own per-request network timeout. The default is 10 minutes.</summary>
    /// <remarks>
    /// It is deliberately long: the pipeline's timeout (for example <c>Resilience:TimeoutSeconds</c>, applied by the caller through the
    /// cancellation token) is the one meant to act, just as the SDKs' own retries are turned off so the pipeline's policy is the one measured.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and not <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public TimeSpan NetworkTimeout
    {
        get => _networkTimeout;
        set
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The network timeout must be positive or infinite.");
            }

            _networkTimeout = value;
        }
    }
}
