using System.Text.Json;

namespace Convergence.Tests;

/// <summary>Builds explorer replies in the contract's format.</summary>
internal static class TestReplies
{
    public static string Findings(params string[] titles) =>
        JsonSerializer.Serialize(new { findings = titles.Select(t => new { title = t, detail = $"Detail of {t}." }) });

    public static string FindingsWithConfidence(params (string Title, double Confidence)[] findings) =>
        JsonSerializer.Serialize(new { findings = findings.Select(f => new { title = f.Title, detail = $"Detail of {f.Title}.", confidence = f.Confidence }) });
}
