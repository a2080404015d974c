using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Convergence;

/// <summary>
/// Finds the JSON a model meant in a reply: alone, inside a code fence, or surrounded by prose. Shared by the explorer and
/// auditor reply parsers, so every role's reply is read with the same tolerance.
/// </summary>
internal static class JsonReplyLocator
{
    private const int MaxObjectStarts = 64;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Offers each JSON value found in <paramref name="reply"/> to <paramref name="accept"/> until it accepts one.</summary>
    /// <param name="reply">The reply text.</param>
    /// <param name="accept">Reads a candidate value; returns <see langword="true"/> when it is the value wanted.</param>
    /// <param name="sawJson">Whether any JSON value was found at all (to tell "no JSON" from "the wrong JSON").</param>
    /// <returns><see langword="true"/> when <paramref name="accept"/> accepted a value.</returns>
    public static bool TryFind(string reply, Func<JsonElement, bool> accept, out bool sawJson)
    {
        sawJson = false;
        foreach (var segment in Segments(reply))
        {
            // A pooled buffer: replies run to many kilobytes, and JsonDocument copies the value it parses, keeping no reference to it.
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
                        if (accept(document.RootElement))
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

        return false;
    }

    /// <summary>Reads a property case-insensitively.</summary>
    public static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
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

    /// <summary>Reads a string property case-insensitively, or <see langword="null"/>.</summary>
    public static string? ReadString(JsonElement element, string name) =>
        TryGetProperty(element, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Reads a confidence: a number or numeric string, 0..1 or a 0..100 percentage; <see langword="null"/> when absent or unusable.</summary>
    public static double? ReadConfidence(JsonElement element)
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
}
