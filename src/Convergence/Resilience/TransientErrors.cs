using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Convergence;

/// <summary>Classifies participant failures: which are transient (worth a retry) and which HTTP status a provider answered with.</summary>
/// <remarks>
/// Provider SDKs report HTTP failures with their own exception types; this class reads the status code from
/// <see cref="HttpRequestException.StatusCode"/> and, for SDK exceptions, from a public <c>Status</c> or <c>StatusCode</c> property
/// (for example <c>System.ClientModel.ClientResultException.Status</c> in the OpenAI SDK, <c>Azure.RequestFailedException.Status</c>),
/// walking inner exceptions.
/// </remarks>
public static class TransientErrors
{
    private const int MaxDepth = 8;

    /// <summary>Decides whether a failure is transient: HTTP 408, 429 or 5xx, a network error, or a timeout.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="true"/> when a retry may succeed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is BrokenCircuitException)
        {
            return false;
        }

        if (TryGetStatusCode(exception, out var status))
        {
            return status is 408 or 429 or >= 500;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is TimeoutRejectedException or TimeoutException or HttpRequestException or SocketException or IOException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the HTTP status code a provider answered with, from the exception or its inner exceptions.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="statusCode">The status code, when one was found.</param>
    /// <returns><see langword="true"/> when a status code was found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static bool TryGetStatusCode(Exception exception, out int statusCode)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var depth = 0;
        for (var current = exception; current is not null && depth < MaxDepth; current = current.InnerException, depth++)
        {
            if (current is HttpRequestException { StatusCode: { } http })
            {
                statusCode = (int)http;
                return true;
            }

            if (TryReadStatusProperty(current, out statusCode))
            {
                return true;
            }
        }

        statusCode = 0;
        return false;
    }

    internal static ParticipantErrorKind Classify(Exception exception)
    {
        if (exception is BrokenCircuitException)
        {
            return ParticipantErrorKind.CircuitOpen;
        }

        if (TryGetStatusCode(exception, out var status))
        {
            return status == 429 ? ParticipantErrorKind.RateLimited
                : status == 408 ? ParticipantErrorKind.Timeout
                : status >= 500 ? ParticipantErrorKind.ServerError
                : ParticipantErrorKind.Exception;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is TimeoutRejectedException or TimeoutException or OperationCanceledException)
            {
                return ParticipantErrorKind.Timeout;
            }
        }

        return ParticipantErrorKind.Exception;
    }

    [UnconditionalSuppressMessage(
        "Trimming",
        "IL2075:Target method return value does not satisfy annotation requirements",
        Justification = "Best effort: when an SDK's Status property is trimmed away, the failure is classified by its type alone.")]
    private static bool TryReadStatusProperty(Exception exception, out int statusCode)
    {
        statusCode = 0;
        if (exception.GetType() == typeof(Exception) || exception is HttpRequestException)
        {
            return false;
        }

        foreach (var name in (ReadOnlySpan<string>)["Status", "StatusCode"])
        {
            var property = exception.GetType().GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance);
            if (property is null || property.GetIndexParameters().Length != 0)
            {
                continue;
            }

            object? value;
            try
            {
                value = property.GetValue(exception);
            }
            catch (System.Reflection.TargetInvocationException)
            {
                continue;
            }

            switch (value)
            {
                case int code when code is >= 100 and < 600:
                    statusCode = code;
                    return true;
                case HttpStatusCode code when (int)code is >= 100 and < 600:
                    statusCode = (int)code;
                    return true;
            }
        }

        return false;
    }
}
