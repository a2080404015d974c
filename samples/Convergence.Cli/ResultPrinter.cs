using System.Globalization;

namespace Convergence.Cli;

/// <summary>Prints a result as plain text: ranked candidates with supporters, dissent, failures, warnings and usage.</summary>
internal static class ResultPrinter
{
    /// <summary>The contract's name of an enum value (for example <c>not-built</c>), as the result JSON spells it.</summary>
    public static string Contract<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonSerializer.Serialize(value, ConvergenceJsonUtilities.DefaultOptions).Trim('"');

    /// <summary>Prints the summary; <paramref name="candidates"/> false leaves the ranked candidates to a table drawn elsewhere.</summary>
    public static async Task PrintAsync(ConvergenceResult result, TextWriter output, bool candidates = true)
    {
        var invariant = CultureInfo.InvariantCulture;
        await output.WriteLineAsync($"status: {Contract(result.Status)} (run {result.RunId})");
        var explorers = result.Participants.Where(p => p.Role == ConvergenceRole.Explorer).ToList();
        await output.WriteLineAsync(string.Create(invariant,
            $"explorers: {explorers.Count(p => p.Status == ParticipantStatus.Succeeded)} of {explorers.Count} answered; {result.Findings.Count} findings -> {result.Candidates.Count} candidates"));
        if (candidates)
        {
            await PrintCandidatesAsync(result, output);
        }

        await PrintRestAsync(result, output);
    }

    private static async Task PrintCandidatesAsync(ConvergenceResult result, TextWriter output)
    {
        var invariant = CultureInfo.InvariantCulture;
        await output.WriteLineAsync();
        await output.WriteLineAsync("Ranked candidates (score = share of independent providers that found it)");
        foreach (var candidate in result.Candidates)
        {
            var supporters = string.Join(", ", candidate.Supporters.Select(s => $"{s.Name} ({s.Provider})"));
            await output.WriteLineAsync(string.Create(invariant,
                $"{candidate.Rank,3}. {candidate.Title}{(candidate.IsDissent ? "  [dissent]" : string.Empty)}"));
            await output.WriteLineAsync(string.Create(invariant,
                $"     score {candidate.Score:0.00} | {candidate.DistinctProviders} provider(s) | {Contract(candidate.Status)} | {supporters}"));
            if (candidate.Build is { } build)
            {
                var lastRound = candidate.AuditDecisions.Count > 0 ? candidate.AuditDecisions[^1].Round : -1;
                var verdicts = string.Join(", ", candidate.Audits.Where(a => a.Round == lastRound).Select(a => $"{a.Participant} {Contract(a.Verdict)}"));
                var line = build.Verified
                    ? $"     build: verified after {build.Iterations} attempt(s) by {build.Builder?.Name}"
                    : $"     build: not verified after {build.Iterations} attempt(s)";
                if (build.Rounds > 1)
                {
                    line += $", {build.Rounds} rounds";
                }

                if (verdicts.Length > 0)
                {
                    line += $" | audit: {verdicts}";
                }

                await output.WriteLineAsync(line);
                if (candidate.AuditDecisions.Count > 0)
                {
                    await output.WriteLineAsync($"     decision: {candidate.AuditDecisions[^1].Reason}");
                }
            }
        }

    }

    private static async Task PrintRestAsync(ConvergenceResult result, TextWriter output)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (result.Funnel is { } funnel)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(invariant,
                $"Funnel: {funnel.ExploredFindings} findings -> {funnel.Candidates} candidates -> {funnel.Built} built -> {funnel.Verified} verified -> {funnel.Approved} approved"));
        }

        var dissent = result.Dissent.ToList();
        if (dissent.Count > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Dissent (one provider only: kept, worth a second look)");
            foreach (var candidate in dissent)
            {
                await output.WriteLineAsync($"  - {candidate.Title} ({candidate.Supporters[0].Provider}): {candidate.Detail}");
            }
        }

        var failures = result.Participants.Where(p => p.Status == ParticipantStatus.Failed).ToList();
        if (failures.Count > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Failures (reported, never fatal to the others)");
            foreach (var failure in failures)
            {
                await output.WriteLineAsync($"  - {failure.Name} ({failure.Provider}/{failure.Model}): {failure.Error}");
            }
        }

        var warnings = result.Warnings.Where(w => !failures.Exists(f => w.Contains($"'{f.Name}' failed", StringComparison.Ordinal))).ToList();
        if (warnings.Count > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Warnings");
            foreach (var warning in warnings)
            {
                await output.WriteLineAsync($"  - {warning}");
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(invariant,
            $"usage: {result.Usage.InputTokens} input + {result.Usage.OutputTokens} output tokens over {result.Participants.Sum(p => p.Calls)} calls"));
        foreach (var p in result.Participants.Where(static p => p.Calls > 0 || p.Usage.InputTokens + p.Usage.OutputTokens > 0))
        {
            await output.WriteLineAsync(string.Create(invariant,
                $"  {p.Name,-18} {RunProgress.Role(p.Role),-8} {p.Provider,-12} {p.Usage.InputTokens,7} in {p.Usage.OutputTokens,7} out  {p.Calls} call(s){(p.ReplayedCalls > 0 ? $", {p.ReplayedCalls} from the store" : string.Empty)}"));
        }
    }
}
