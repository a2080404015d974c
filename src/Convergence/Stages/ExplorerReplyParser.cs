using System.Text.Json;

namespace Convergence;

/// <summary>Reads an explorer's reply tolerantly: JSON alone, inside a code fence, or surrounded by prose.</summary>
internal static class ExplorerReplyParser
{
    private const int MaxTitleFromDetail = 80;

    /// <summary>Reads the findings in <paramref name="reply"/>.</summary>
    /// <returns><see langword="true"/> when a findings object was found (possibly with no findings); otherwise <paramref name="error"/> says why not.</returns>
    public static bool TryParse(string reply, out List<ParsedFinding> findings, out string? error)
    {
        findings = [];
        error = null;
        if (string.IsNullOrWhiteSpace(reply))
        {
            error = "the reply is empty";
            return false;
        }

        var found = findings;
        if (JsonReplyLocator.TryFind(reply, root => TryReadFindings(root, found), out var sawJson))
        {
            return true;
        }

        error = sawJson
            ? "the reply's JSON has no \"findings\" array"
            : "the reply contains no JSON object";
        return false;
    }

    private static bool TryReadFindings(JsonElement root, List<ParsedFinding> findings)
    {
        JsonElement array;
        if (root.ValueKind == JsonValueKind.Array)
        {
            array = root;
        }
        else if (root.ValueKind == JsonValueKind.Object && JsonReplyLocator.TryGetProperty(root, "findings", out array) && array.ValueKind == JsonValueKind.Array)
        {
            // The contract's shape.
        }
        else
        {
            return false;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var title = JsonReplyLocator.ReadString(item, "title") ?? JsonReplyLocator.ReadString(item, "name");
            var detail = JsonReplyLocator.ReadString(item, "detail") ?? JsonReplyLocator.ReadString(item, "details")
                ?? JsonReplyLocator.ReadString(item, "description") ?? string.Empty;
            if (string.IsNullOrWhiteSpace(title))
            {
                if (string.IsNullOrWhiteSpace(detail))
                {
                    continue;
                }

                title = detail.Length <= MaxTitleFromDetail ? detail : string.Concat(detail.AsSpan(0, MaxTitleFromDetail), "…");
            }

            findings.Add(new ParsedFinding(title.Trim(), detail.Trim(), JsonReplyLocator.ReadConfidence(item)));
        }

        return true;
    }
}

/// <summary>A finding as read from a reply, before it is attributed to a participant.</summary>
internal readonly record struct ParsedFinding(string Title, string Detail, double? Confidence);
