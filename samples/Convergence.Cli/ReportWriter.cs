using System.Globalization;
using System.Text;

namespace Convergence.Cli;

/// <summary>
/// The Markdown report of a run (<c>--report</c>): the task, a Mermaid flowchart of the funnel, the ranked candidates, a
/// provider × candidate support matrix, dissent, build and audit outcomes, failures, usage and warnings.
/// </summary>
internal static class ReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Create(ConvergenceResult result)
    {
        var md = new StringBuilder();
        void Line(FormattableString text) => md.AppendLine(text.ToString(Invariant));

        Line($"# Convergence report: {Cell(Shorten(FirstLine(result.Task), 80))}");
        md.AppendLine();
        var explorers = result.Participants.Where(static p => p.Role == ConvergenceRole.Explorer).ToList();
        Line($"**Status: {ResultPrinter.Contract(result.Status)}** · run `{result.RunId}` · started {result.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC · {result.Duration.TotalSeconds:0.0} s · {explorers.Count(static p => p.Status == ParticipantStatus.Succeeded)} of {explorers.Count} explorers answered · {RunProgress.Tokens(result.Usage):N0} tokens");
        md.AppendLine();

        md.AppendLine("## Task").AppendLine();
        foreach (var line in result.Task.Split('\n'))
        {
            md.Append("> ").AppendLine(line.TrimEnd('\r'));
        }

        md.AppendLine();
        Funnel(md, result.Funnel);
        Candidates(md, result);
        Matrix(md, result);
        Dissent(md, result);
        BuildAndAudit(md, result);
        Failures(md, result);
        Usage(md, result);
        // Failures have their own table; the other warnings (skipped work, monoculture, quorum) are listed here.
        var failed = result.Participants.Where(static p => p.Status == ParticipantStatus.Failed).Select(static p => $"'{p.Name}' failed").ToList();
        var warnings = result.Warnings.Where(w => !failed.Exists(f => w.Contains(f, StringComparison.Ordinal))).ToList();
        if (warnings.Count > 0)
        {
            md.AppendLine("## Warnings").AppendLine();
            foreach (var warning in warnings)
            {
                md.Append("- ").AppendLine(Inline(warning));
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    private static void Funnel(StringBuilder md, ConvergenceFunnel f)
    {
        md.AppendLine("## Funnel").AppendLine();
        md.AppendLine("```mermaid");
        md.AppendLine("flowchart LR");
        md.AppendLine(Invariant, $"    F[\"{f.ExploredFindings} findings\"] --> C[\"{f.Candidates} candidates\"]");
        md.AppendLine(Invariant, $"    C --> B[\"{f.Built} built\"]");
        md.AppendLine(Invariant, $"    B --> V[\"{f.Verified} verified\"]");
        md.AppendLine(Invariant, $"    V --> A[\"{f.Approved} approved\"]");
        md.AppendLine("```").AppendLine();
    }

    private static void Candidates(StringBuilder md, ConvergenceResult result)
    {
        md.AppendLine("## Ranked candidates").AppendLine();
        if (result.Candidates.Count == 0)
        {
            md.AppendLine("No candidates.").AppendLine();
            return;
        }

        md.AppendLine("| # | Candidate | Score | Providers | Supporters | Status |");
        md.AppendLine("| ---: | --- | ---: | ---: | --- | --- |");
        foreach (var c in result.Candidates)
        {
            md.AppendLine(Invariant,
                $"| {c.Rank} | **{Cell(c.Title)}**{(c.IsDissent ? " *(dissent)*" : string.Empty)} | {c.Score:0.00} | {c.DistinctProviders} | {Cell(string.Join(", ", c.Supporters.Select(static s => s.Name)))} | {Status(c.Status)} |");
        }

        md.AppendLine();
    }

    /// <summary>Who found what: one row per candidate, one column per explorer provider, ✓ where that provider supports it.</summary>
    private static void Matrix(StringBuilder md, ConvergenceResult result)
    {
        var providers = result.Participants.Where(static p => p.Role == ConvergenceRole.Explorer)
            .Select(static p => p.Provider)
            .Concat(result.Candidates.SelectMany(static c => c.Supporters).Select(static s => s.Provider))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        md.AppendLine("## Support matrix").AppendLine();
        if (result.Candidates.Count == 0 || providers.Count == 0)
        {
            md.AppendLine("Nothing to show.").AppendLine();
            return;
        }

        md.AppendLine("Agreement between independent providers is signal; two personas of one provider count as one voice (×2 shows them).");
        md.AppendLine();
        md.Append("| Candidate |");
        foreach (var provider in providers)
        {
            md.Append(' ').Append(Cell(provider)).Append(" |");
        }

        md.AppendLine().Append("| --- |");
        md.AppendLine(string.Concat(Enumerable.Repeat(" :---: |", providers.Count)));
        foreach (var c in result.Candidates)
        {
            md.Append(Invariant, $"| {c.Rank}. {Cell(Shorten(c.Title, 60))} |");
            foreach (var provider in providers)
            {
                var voices = c.Supporters.Count(s => string.Equals(s.Provider, provider, StringComparison.OrdinalIgnoreCase));
                md.Append(voices switch { 0 => " |", 1 => " ✓ |", _ => string.Create(Invariant, $" ✓ ×{voices} |") });
            }

            md.AppendLine();
        }

        md.AppendLine();
    }

    private static void Dissent(StringBuilder md, ConvergenceResult result)
    {
        var dissent = result.Dissent.ToList();
        md.AppendLine("## Dissent").AppendLine();
        if (dissent.Count == 0)
        {
            md.AppendLine("Every candidate was found by more than one provider.").AppendLine();
            return;
        }

        md.AppendLine("Found by one provider only: kept, and worth a second look.").AppendLine();
        foreach (var c in dissent)
        {
            md.AppendLine(Invariant, $"- **{Inline(c.Title)}** ({Inline(c.Supporters[0].Provider)}, {Inline(c.Supporters[0].Name)}): {Inline(c.Detail)}");
        }

        md.AppendLine();
    }

    private static void BuildAndAudit(StringBuilder md, ConvergenceResult result)
    {
        var built = result.Candidates.Where(static c => c.Build is not null).ToList();
        if (built.Count == 0 && result.Participants.All(static p => p.Role == ConvergenceRole.Explorer))
        {
            return;
        }

        md.AppendLine("## Build and audit").AppendLine();
        if (built.Count == 0)
        {
            md.AppendLine("No candidate was built.").AppendLine();
            return;
        }

        foreach (var c in built)
        {
            var build = c.Build!;
            md.AppendLine(Invariant, $"### {c.Rank}. {Inline(c.Title)}: {Status(c.Status)}").AppendLine();
            md.AppendLine(Invariant,
                $"- Build: {(build.Verified ? "verified" : "**not verified**")} after {build.Iterations} attempt(s){(build.Rounds > 1 ? $" over {build.Rounds} rounds" : string.Empty)}{(build.Builder is { } b ? $", by {Inline(b.Name)} ({Inline(b.Provider)})" : string.Empty)}");
            if (build.Attempts.Count > 0 && build.Attempts[^1].Verification is { } verification && !string.IsNullOrWhiteSpace(verification.Feedback))
            {
                md.AppendLine(Invariant, $"- Verifier: {Inline(Shorten(verification.Feedback, 200))}");
            }

            if (c.Audits.Count > 0)
            {
                md.AppendLine().AppendLine("| Round | Auditor | Provider | Verdict | Risks |");
                md.AppendLine("| ---: | --- | --- | --- | --- |");
                foreach (var a in c.Audits)
                {
                    var risks = a.Risks.Count == 0 ? "none" : string.Join("; ", a.Risks.Select(static r => $"{ResultPrinter.Contract(r.Severity)}: {r.Description}"));
                    md.AppendLine(Invariant, $"| {a.Round} | {Cell(a.Participant)} | {Cell(a.Provider)} | {ResultPrinter.Contract(a.Verdict)} | {Cell(Shorten(risks, 160))} |");
                }

                md.AppendLine();
            }

            if (c.AuditDecisions.Count > 0)
            {
                md.AppendLine(Invariant, $"- Decision: {Inline(c.AuditDecisions[^1].Reason)}");
            }

            md.AppendLine();
        }
    }

    private static void Failures(StringBuilder md, ConvergenceResult result)
    {
        var failed = result.Participants.Where(static p => p.Status == ParticipantStatus.Failed).ToList();
        md.AppendLine("## Failures").AppendLine();
        if (failed.Count == 0)
        {
            md.AppendLine("None: every participant answered.").AppendLine();
            return;
        }

        md.AppendLine("| Participant | Role | Provider | Kind | Error |");
        md.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var p in failed)
        {
            md.AppendLine(Invariant,
                $"| {Cell(p.Name)} | {p.Role.Value} | {Cell(p.Provider)} | {ResultPrinter.Contract(p.ErrorKind)} | {Cell(Shorten(p.Error ?? string.Empty, 200))} |");
        }

        md.AppendLine();
    }

    private static void Usage(StringBuilder md, ConvergenceResult result)
    {
        md.AppendLine("## Usage").AppendLine();
        md.AppendLine("| Participant | Role | Provider | Model | Calls | Latency | Input tokens | Output tokens |");
        md.AppendLine("| --- | --- | --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var p in result.Participants)
        {
            md.AppendLine(Invariant,
                $"| {Cell(p.Name)} | {p.Role.Value} | {Cell(p.Provider)} | {Cell(p.Model ?? string.Empty)} | {p.Calls} | {p.Latency.TotalSeconds:0.0} s | {p.Usage.InputTokens:N0} | {p.Usage.OutputTokens:N0} |");
        }

        md.AppendLine(Invariant,
            $"| **Total** | | | | **{result.Participants.Sum(static p => p.Calls)}** | | **{result.Usage.InputTokens:N0}** | **{result.Usage.OutputTokens:N0}** |");
        md.AppendLine();
    }

    private static string Status(CandidateStatus status) => status switch
    {
        CandidateStatus.Approved => "✅ approved",
        CandidateStatus.Rejected => "❌ rejected",
        CandidateStatus.Revise => "↩️ revise",
        CandidateStatus.Unverified => "⚠️ unverified",
        _ => ResultPrinter.Contract(status),
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static string Inline(string? text) =>
        (text ?? string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal).Replace('\n', ' ').Trim();

    private static string Cell(string? text) => Inline(text).Replace("|", "\\|", StringComparison.Ordinal);
}
