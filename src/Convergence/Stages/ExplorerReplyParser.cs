using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Convergence;

/// <summary>Reads an explorer's reply tolerantly: JSON alone, inside a code fence, or surrounded by prose.</summary>
internal static class ExplorerReplyParser
{
    private const int MaxObjectStarts = 64;
    private const int MaxTitleFromDetail = 80;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

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

        var sawJson = false;
        foreach (var segment in Segments(reply))
        {
            // A pooled buffer: replies run to many kilobytes, and the parsed document keeps no reference to it.
            var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(segment.Length));
            try
            {
                var bytes = buffer.AsSpan(0, Encoding.UTF8.GetBytes(segment, buffer));
                var attempts = 0;
                for (var i = 0; i < bytes.Length && attempts < MaxObjectStarts; i++)
                {
                    if (bytes[i] is not ((byte)'{' or (byte)'['))
                    {
                        continue;
                    }

                    attempts++;
                    if (!TryReadValue(bytes[i..], out var document))
                    {
                        continue;
                    }

                    using (document)
                    {
                        sawJson = true;
                        if (TryReadFindings(document.RootElement, findings))
                        {
                            return true;
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        error = sawJson
            ? "the reply's JSON has no \"findings\" array"
            : "the reply contains no JSON object";
        return false;
    }

    /// <summary>The fenced blocks first (most likely to hold the answer), then the whole reply.</summary>
    private static IEnumerable<string> Segments(string reply)
    {
        var start = 0;
        while ((start = reply.IndexOf("```", start, StringComparison.Ordinal)) >= 0)
        {
            var contentStart = reply.IndexOf('\n', start + 3);
            if (contentStart < 0)
            {
                break;
            }

            var end = reply.IndexOf("```", contentStart, StringComparison.Ordinal);
            if (end < 0)
            {
                yield return reply[(contentStart + 1)..];
                break;
            }

            yield return reply[(contentStart + 1)..end];
            start = end + 3;
        }

        yield return reply;
    }

    private static bool TryReadValue(ReadOnlySpan<byte> utf8, out JsonDocument document)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        try
        {
            return JsonDocument.TryParseValue(ref reader, out document!);
        }
        catch (JsonException)
        {
            document = null!;
            return false;
        }
    }

    private static bool TryReadFindings(JsonElement root, List<ParsedFinding> findings)
    {
        JsonElement array;
        if (root.ValueKind == JsonValueKind.Array)
        {
            array = root;
        }
        else if (root.ValueKind == JsonValueKind.Object && TryGetProperty(root, "findings", out array) && array.ValueKind == JsonValueKind.Array)
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

            var title = ReadString(item, "title") ?? ReadString(item, "name");
            var detail = ReadString(item, "detail") ?? ReadString(item, "details") ?? ReadString(item, "description") ?? string.Empty;
            if (string.IsNullOrWhiteSpace(title))
            {
                if (string.IsNullOrWhiteSpace(detail))
                {
                    continue;
                }

                title = detail.Length <= MaxTitleFromDetail ? detail : string.Concat(detail.AsSpan(0, MaxTitleFromDetail), "…");
            }

            findings.Add(new ParsedFinding(title.Trim(), detail.Trim(), ReadConfidence(item)));
        }

        return true;
    }

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string? ReadString(JsonElement element, string name) =>
        TryGetProperty(element, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? ReadConfidence(JsonElement element)
    {
        if (!TryGetProperty(element, "confidence", out var value))
        {
            return null;
        }

        double number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            number = value.GetDouble();
        }
        else if (value.ValueKind == JsonValueKind.String &&
                 double.TryParse(value.GetString()?.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            number = parsed;
        }
        else
        {
            return null;
        }

        if (double.IsNaN(number) || number < 0)
        {
            return null;
        }

        // A model that answers on a 0-100 scale means a percentage.
        return number <= 1 ? number : number <= 100 ? number / 100 : 1;
    }
}

/// <summary>A finding as read from a reply, before it is attributed to a participant.</summary>
internal readonly record struct ParsedFinding(string Title, string Detail, double? Confidence);
