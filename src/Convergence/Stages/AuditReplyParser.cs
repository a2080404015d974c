using System.Text.Json;

namespace Convergence;

/// <summary>Reads an auditor's verdict tolerantly (JSON alone, in a code fence, or in prose); a reply with no usable verdict is a failure, not a verdict.</summary>
internal static class AuditReplyParser
{
    public static bool TryParse(string reply, out ParsedVerdict verdict, out string? error)
    {
        verdict = default;
        error = null;
        if (string.IsNullOrWhiteSpace(reply))
        {
            error = "the reply is empty";
            return false;
        }

        ParsedVerdict found = default;
        if (JsonReplyLocator.TryFind(reply, root => TryRead(root, out found), out var sawJson))
        {
            verdict = found;
            return true;
        }

        error = sawJson
            ? "the reply's JSON has no \"verdict\" of approve, revise or reject"
            : "the reply contains no JSON object";
        return false;
    }

    private static bool TryRead(JsonElement root, out ParsedVerdict verdict)
    {
        verdict = default;
        if (root.ValueKind != JsonValueKind.Object || ParseVerdict(JsonReplyLocator.ReadString(root, "verdict")) is not { } value)
        {
            return false;
        }

        var risks = new List<AuditRisk>();
        if (JsonReplyLocator.TryGetProperty(root, "risks", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString()))
                {
                    risks.Add(new AuditRisk(RiskSeverity.Medium, item.GetString()!.Trim()));
                }
                else if (item.ValueKind == JsonValueKind.Object)
                {
                    var description = JsonReplyLocator.ReadString(item, "description") ?? JsonReplyLocator.ReadString(item, "detail") ?? string.Empty;
                    risks.Add(new AuditRisk(ParseSeverity(JsonReplyLocator.ReadString(item, "severity")), description.Trim()));
                }
            }
        }

        verdict = new ParsedVerdict(value, JsonReplyLocator.ReadConfidence(root), risks);
        return true;
    }

    private static AuditVerdict? ParseVerdict(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "APPROVE" or "APPROVED" or "ACCEPT" or "ACCEPTED" or "PASS" => AuditVerdict.Approve,
        "REVISE" or "REVISION" or "CHANGES" or "REQUEST_CHANGES" or "REQUEST-CHANGES" => AuditVerdict.Revise,
        "REJECT" or "REJECTED" or "FAIL" => AuditVerdict.Reject,
        _ => null,
    };

    /// <summary>An unknown severity is read as medium: never dropped, never promoted to a veto.</summary>
    private static RiskSeverity ParseSeverity(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "LOW" or "MINOR" or "INFO" => RiskSeverity.Low,
        "HIGH" or "MAJOR" or "SEVERE" => RiskSeverity.High,
        "CRITICAL" or "BLOCKER" => RiskSeverity.Critical,
        _ => RiskSeverity.Medium,
    };
}

/// <summary>A verdict as read from a reply, before it is attributed to an auditor.</summary>
internal readonly record struct ParsedVerdict(AuditVerdict Verdict, double? Confidence, IReadOnlyList<AuditRisk> Risks);
