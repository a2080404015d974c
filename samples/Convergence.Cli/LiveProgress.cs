using System.Globalization;
using Spectre.Console;

namespace Convergence.Cli;

/// <summary>
/// Live progress on a terminal: a table of participants (role, provider, state, latency, tokens) redrawn as events
/// arrive, with the stage in progress and the latest stage event as its caption.
/// </summary>
internal sealed class LiveProgress(IAnsiConsole console, IReadOnlyList<(ConvergenceRole Role, ParticipantIdentity Identity)> participants) : RunProgress
{
    private readonly Dictionary<string, Row> _rows = participants.ToDictionary(
        static p => p.Identity.Name, static p => new Row(p.Role, p.Identity), StringComparer.Ordinal);

    private string _latest = string.Empty;

    public override async Task<ConvergenceResult> RunAsync(IAsyncEnumerable<ConvergenceEvent> events, CancellationToken cancellationToken)
    {
        ConvergenceResult? result = null;
        var started = TimeProvider.System.GetTimestamp();
        await console.Live(Render(TimeSpan.Zero)).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            await foreach (var e in events.WithCancellation(cancellationToken))
            {
                result = Track(e) ?? result;
                Apply(e);
                context.UpdateTarget(Render(TimeProvider.System.GetElapsedTime(started)));
            }
        });

        return result ?? throw new InvalidOperationException("The run ended without a result.");
    }

    private void Apply(ConvergenceEvent e)
    {
        switch (e)
        {
            case ParticipantStartedEvent s when _rows.TryGetValue(s.Participant.Name, out var row):
                row.State = "[yellow]working[/]";
                break;
            case ParticipantCompletedEvent { Report: var r } when _rows.TryGetValue(r.Name, out var row):
                row.Update(r, "[green]succeeded[/]");
                break;
            case ParticipantFailedEvent { Report: var r } when _rows.TryGetValue(r.Name, out var row):
                row.Update(r, $"[red]failed ({Markup.Escape(ResultPrinter.Contract(r.ErrorKind))})[/]");
                break;
            case SynthesisCompletedEvent or BuildAttemptCompletedEvent or AuditCompletedEvent:
                _latest = Describe(e) ?? _latest;
                break;
        }
    }

    private Table Render(TimeSpan elapsed)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Stage is null ? "[bold]Convergence[/]" : $"[bold]Convergence[/]: stage [aqua]{Markup.Escape(Stage)}[/] in progress")
            .AddColumn("Role").AddColumn("Participant").AddColumn("Provider").AddColumn("State")
            .AddColumn(new TableColumn("Latency").RightAligned()).AddColumn(new TableColumn("Tokens").RightAligned());
        long tokens = 0;
        foreach (var row in _rows.Values)
        {
            tokens += row.Tokens;
            table.AddRow(
                Role(row.Role),
                Markup.Escape(row.Identity.Name),
                Markup.Escape(row.Identity.Model.Length == 0 ? row.Provider : $"{row.Provider}/{row.Identity.Model}"),
                row.State,
                row.Latency is { } latency ? Seconds(latency) : "",
                row.Tokens > 0 ? row.Tokens.ToString("N0", CultureInfo.InvariantCulture) : "");
        }

        var caption = string.Create(CultureInfo.InvariantCulture, $"{Seconds(elapsed)} elapsed, {tokens:N0} tokens");
        table.Caption(_latest.Length == 0 ? caption : $"{Markup.Escape(_latest)}\n{caption}");
        return table;
    }

    private sealed class Row(ConvergenceRole role, ParticipantIdentity identity)
    {
        public ConvergenceRole Role { get; } = role;

        public ParticipantIdentity Identity { get; } = identity;

        public string Provider { get; private set; } = identity.Provider;

        public string State { get; set; } = "[grey]waiting[/]";

        public TimeSpan? Latency { get; private set; }

        public long Tokens { get; private set; }

        public void Update(ParticipantReport report, string state)
        {
            State = state;
            Provider = report.Provider;
            Latency = report.Latency;
            Tokens = RunProgress.Tokens(report.Usage);
        }
    }
}
