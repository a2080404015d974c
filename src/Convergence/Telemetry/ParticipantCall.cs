using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>One call to a participant, as <see cref="ConvergenceObserver"/>s see it: who is called in which stage, then how it went.</summary>
/// <remarks>
/// One instance is created for each call (retries, backups and the circuit breaker are inside it) and given to every observer when the call
/// starts and again when it completes; the outcome members are set before completion. Error texts are redacted of secrets.
/// <see cref="Messages"/>, <see cref="Options"/> and <see cref="Response"/> carry content: an observer that records them must do so only
/// when the user asked for sensitive data.
/// </remarks>
public sealed class ParticipantCall
{
    private Dictionary<object, object?>? _items;

    internal ParticipantCall(ConvergenceContext context, Participant participant, IList<ChatMessage> messages, ChatOptions options)
    {
        Context = context;
        Participant = participant;
        Stage = context.CurrentStage;
        Messages = messages;
        Options = options;
        Provider = participant.Provider;
        Model = participant.Model;
    }

    /// <summary>Gets the run's context.</summary>
    public ConvergenceContext Context { get; }

    /// <summary>Gets the participant called.</summary>
    public Participant Participant { get; }

    /// <summary>Gets the stage that makes the call, or <see langword="null"/> outside a stage.</summary>
    public string? Stage { get; }

    /// <summary>Gets the messages sent (content).</summary>
    public IList<ChatMessage> Messages { get; }

    /// <summary>Gets the chat options sent.</summary>
    public ChatOptions Options { get; }

    /// <summary>Gets the provider that answered (a backup's after a failover); before completion, the participant's own.</summary>
    public string Provider { get; internal set; }

    /// <summary>Gets the model that answered; before completion, the participant's own.</summary>
    public string Model { get; internal set; }

    /// <summary>Gets a value indicating whether the call was answered from the run store (a resumed run), without calling the provider.</summary>
    public bool IsReplayed { get; internal set; }

    /// <summary>Gets the response, or <see langword="null"/> when the call failed or has not completed.</summary>
    public ChatResponse? Response { get; internal set; }

    /// <summary>Gets the tokens the call used, as the provider reported them.</summary>
    public TokenUsage Usage { get; internal set; } = TokenUsage.Empty;

    /// <summary>Gets the estimated cost of the call, or <see langword="null"/> when there is no cost estimator or it knows no price.</summary>
    public decimal? Cost { get; internal set; }

    /// <summary>Gets the wall time of the call, retries included.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Gets how many attempts were made (retries and backups included; 0 when replayed or not started).</summary>
    public int Attempts { get; internal set; }

    /// <summary>Gets the kind of failure; <see cref="ParticipantErrorKind.None"/> when the call succeeded.</summary>
    public ParticipantErrorKind ErrorKind { get; internal set; }

    /// <summary>Gets the full name of the exception's type when the call failed with one (the <c>error.type</c> of the OpenTelemetry conventions), else <see langword="null"/>.</summary>
    public string? ErrorType { get; internal set; }

    /// <summary>Gets the error message (secrets redacted) when the call failed, else <see langword="null"/>.</summary>
    public string? Error { get; internal set; }

    /// <summary>Gets a value indicating whether the call succeeded.</summary>
    public bool Succeeded => Response is not null;

    /// <summary>Gets a bag where observers keep state between the start and the completion of the call (for example their span), keyed by an object they own.</summary>
    public IDictionary<object, object?> Items => _items ??= [];
}
