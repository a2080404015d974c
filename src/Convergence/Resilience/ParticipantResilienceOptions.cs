namespace Convergence;

/// <summary>Overrides of the resilience settings for one role or one participant; a <see langword="null"/> property keeps the inherited value.</summary>
/// <remarks>
/// Values resolve from the most specific to the least: the participant's overrides, then its role's, then <see cref="ResilienceOptions"/>.
/// The circuit breaker is not overridden here: it belongs to a provider, and its settings are in <see cref="ResilienceOptions"/>.
/// </remarks>
public sealed class ParticipantResilienceOptions
{
    /// <summary>Gets or sets the timeout of one attempt.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Gets or sets how many times a transient failure is retried.</summary>
    public int? MaxRetryAttempts { get; set; }

    /// <summary>Gets or sets the base delay of the exponential backoff between retries.</summary>
    public TimeSpan? RetryDelay { get; set; }

    /// <summary>Gets or sets the longest delay between retries.</summary>
    public TimeSpan? MaxRetryDelay { get; set; }

    /// <summary>Gets or sets a value indicating whether the retry delays are jittered.</summary>
    public bool? UseJitter { get; set; }

    internal void Validate(string path)
    {
        if (Timeout is { } timeout)
        {
            ResilienceOptions.ValidatePositive(timeout, $"{path}.{nameof(Timeout)}");
        }

        if (MaxRetryAttempts is { } retries)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(retries, $"{path}.{nameof(MaxRetryAttempts)}");
        }

        if (RetryDelay is { } delay)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, $"{path}.{nameof(RetryDelay)}");
        }

        if (MaxRetryDelay is { } maxDelay)
        {
            ResilienceOptions.ValidatePositive(maxDelay, $"{path}.{nameof(MaxRetryDelay)}");
        }
    }
}
