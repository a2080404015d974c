using System.Threading.Channels;

namespace Convergence;

/// <summary>The state of one run as it moves through the stages: the request, participants, findings, candidates, reports and warnings.</summary>
/// <remarks>
/// A new context is created for every run, so stages and middleware keep per-run state here and never in themselves.
/// The members that add state are thread-safe: explorers running in parallel report into the same context.
/// </remarks>
public sealed class ConvergenceContext
{
    private readonly Lock _gate = new();
    private readonly List<Finding> _findings = [];
    private readonly Dictionary<string, ParticipantReport> _reports = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];
    private readonly ChannelWriter<ConvergenceEvent>? _events;
    private IReadOnlyList<Candidate> _candidates = [];
    private string? _failure;
    private int _incomplete;

    /// <summary>Initializes a new instance of the <see cref="ConvergenceContext"/> class.</summary>
    /// <param name="runId">The run identifier.</param>
    /// <param name="request">The request.</param>
    /// <param name="participants">The participants, in registration order.</param>
    /// <param name="services">The service provider the pipeline was built with.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="events">Where events are written when the run is streamed, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="events"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is empty or white space.</exception>
    public ConvergenceContext(
        string runId,
        ConvergenceRequest request,
        IReadOnlyList<Participant> participants,
        IServiceProvider services,
        TimeProvider timeProvider,
        ChannelWriter<ConvergenceEvent>? events = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(timeProvider);
        RunId = runId;
        Request = request;
        Participants = participants;
        Services = services;
        TimeProvider = timeProvider;
        _events = events;
        StartedAt = timeProvider.GetUtcNow();
    }

    /// <summary>Gets the run identifier.</summary>
    public string RunId { get; }

    /// <summary>Gets the request.</summary>
    public ConvergenceRequest Request { get; }

    /// <summary>Gets every participant of the pipeline, in registration order.</summary>
    public IReadOnlyList<Participant> Participants { get; }

    /// <summary>Gets the service provider the pipeline was built with.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets when the run started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Gets the name of the stage that is running, or <see langword="null"/> between stages.</summary>
    public string? CurrentStage { get; internal set; }

    /// <summary>Gets a bag where stages and middleware can keep per-run state.</summary>
    public IDictionary<string, object?> Items { get; } = new System.Collections.Concurrent.ConcurrentDictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether the run has failed (for example below its quorum); later stages are skipped.</summary>
    public bool IsFailed => Volatile.Read(ref _failure) is not null;

    /// <summary>Gets why the run failed, or <see langword="null"/>.</summary>
    public string? FailureReason => Volatile.Read(ref _failure);

    /// <summary>Gets or sets the candidates, best first once synthesis has ranked them.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyList<Candidate> Candidates
    {
        get => Volatile.Read(ref _candidates);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref _candidates, value);
        }
    }

    /// <summary>Gets a snapshot of the findings reported so far.</summary>
    public IReadOnlyList<Finding> Findings
    {
        get
        {
            lock (_gate)
            {
                return [.. _findings];
            }
        }
    }

    /// <summary>Gets a snapshot of the warnings so far.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_gate)
            {
                return [.. _warnings];
            }
        }
    }

    /// <summary>Gets the participants of one role, in registration order.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The participants.</returns>
    public IReadOnlyList<Participant> GetParticipants(ConvergenceRole role) => [.. Participants.Where(p => p.Role == role)];

    /// <summary>Adds findings.</summary>
    /// <param name="findings">The findings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="findings"/> is <see langword="null"/>.</exception>
    public void AddFindings(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        lock (_gate)
        {
            _findings.AddRange(findings);
        }
    }

    /// <summary>Adds a warning for the result.</summary>
    /// <param name="warning">The warning.</param>
    /// <exception cref="ArgumentException"><paramref name="warning"/> is null or white space.</exception>
    public void AddWarning(string warning)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(warning);
        lock (_gate)
        {
            _warnings.Add(warning);
        }
    }

    /// <summary>Records or updates a participant's report atomically (calls of one participant accumulate).</summary>
    /// <param name="name">The participant's name.</param>
    /// <param name="update">Computes the new report from the current one (<see langword="null"/> the first time).</param>
    /// <returns>The new report.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="update"/> is <see langword="null"/>.</exception>
    public ParticipantReport UpdateParticipantReport(string name, Func<ParticipantReport?, ParticipantReport> update)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            _ = _reports.TryGetValue(name, out var current);
            var next = update(current) ?? throw new InvalidOperationException("The report update returned null.");
            _reports[name] = next;
            return next;
        }
    }

    /// <summary>Gets the report of every participant that has one, in registration order.</summary>
    /// <returns>The reports.</returns>
    public IReadOnlyList<ParticipantReport> GetParticipantReports()
    {
        lock (_gate)
        {
            var ordered = new List<ParticipantReport>(_reports.Count);
            foreach (var participant in Participants)
            {
                if (_reports.TryGetValue(participant.Name, out var report))
                {
                    ordered.Add(report);
                }
            }

            return ordered;
        }
    }

    /// <summary>Marks the run failed; the stages after the current one are skipped, and what arrived stays in the result.</summary>
    /// <param name="reason">Why the run failed; it is added to the warnings.</param>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null or white space.</exception>
    public void Fail(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (Interlocked.CompareExchange(ref _failure, reason, null) is null)
        {
            AddWarning(reason);
        }
    }

    /// <summary>Reports an event to the caller of <see cref="IConvergencePipeline.RunStreamingAsync"/>; a no-op for <see cref="IConvergencePipeline.RunAsync"/>.</summary>
    /// <param name="convergenceEvent">The event.</param>
    /// <exception cref="ArgumentNullException"><paramref name="convergenceEvent"/> is <see langword="null"/>.</exception>
    public void Report(ConvergenceEvent convergenceEvent)
    {
        ArgumentNullException.ThrowIfNull(convergenceEvent);
        _ = _events?.TryWrite(convergenceEvent);
    }

    /// <summary>Gets or sets what the pipeline gives this run for participant calls (resilience, checkpoint, redaction); <see langword="null"/> for a context made outside a pipeline.</summary>
    internal RunRuntime? Runtime { get; set; }

    /// <summary>Gets a value indicating whether some work was cut short (a deadline passed): the result is then at best partial.</summary>
    internal bool IsIncomplete => Volatile.Read(ref _incomplete) != 0;

    /// <summary>Marks the run incomplete, with a warning saying what is missing.</summary>
    internal void MarkIncomplete(string warning)
    {
        Volatile.Write(ref _incomplete, 1);
        AddWarning(warning);
    }

    /// <summary>Gets a value indicating whether events are being streamed to a caller (so building them is worth it).</summary>
    public bool IsStreaming => _events is not null;
}
