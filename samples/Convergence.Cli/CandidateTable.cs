using System.Globalization;
using Spectre.Console;

namespace Convergence.Cli;

/// <summary>The ranked candidates as a Spectre table, for a terminal (plain text goes through <see cref="ResultPrinter"/>).</summary>
internal static class CandidateTable
{
    public static Table Create(ConvergenceResult result)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]Ranked candidates[/] (run {Markup.Escape(result.RunId)}, {Markup.Escape(ResultPrinter.Contract(result.Status))})")
            .AddColumn(new TableColumn("#").RightAligned()).AddColumn("Candidate").AddColumn(new TableColumn("Score").RightAligned())
            .AddColumn(new TableColumn("Providers").RightAligned()).AddColumn("Supporters").AddColumn("Status");
        foreach (var candidate in result.Candidates)
        {
            var title = Markup.Escape(candidate.Title) + (candidate.IsDissent ? " [grey](dissent)[/]" : string.Empty);
            table.AddRow(
                candidate.Rank.ToString(CultureInfo.InvariantCulture),
                title,
                candidate.Score.ToString("0.00", CultureInfo.InvariantCulture),
                candidate.DistinctProviders.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", candidate.Supporters.Select(static s => $"{s.Name} ({s.Provider})"))),
                Status(candidate.Status));
        }

        var f = result.Funnel;
        table.Caption(string.Create(CultureInfo.InvariantCulture,
            $"{f.ExploredFindings} findings -> {f.Candidates} candidates -> {f.Built} built -> {f.Verified} verified -> {f.Approved} approved"));
        return table;
    }

    private static string Status(CandidateStatus status)
    {
        var text = Markup.Escape(ResultPrinter.Contract(status));
        return status switch
        {
            CandidateStatus.Approved => $"[green]{text}[/]",
            CandidateStatus.Rejected => $"[red]{text}[/]",
            CandidateStatus.Revise or CandidateStatus.Unverified => $"[yellow]{text}[/]",
            _ => text,
        };
    }
}
