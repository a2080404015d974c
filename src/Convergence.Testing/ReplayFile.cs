using System.Globalization;
using System.Text.Json;

namespace Convergence.Testing;

/// <summary>
/// A replay file: recorded replies for one or more participants, served offline by <see cref="ReplayChatClient"/>.
/// Parse a file once with <see cref="Load(string)"/> and create one client per participant with <see cref="CreateClient"/>.
/// </summary>
/// <remarks>
/// <para>The format (JSON, camelCase; comments and trailing commas are accepted; unknown properties are ignored):</para>
/// <code>
/// {"recordings": [{"participant": "gpt", "provider": "openai", "model": "gpt-4o-mini", "loop": false,
///                  "replies": [{"text": "...", "inputTokens": 812, "outputTokens": 240, "match": null, "delayMs": 0}]}]}
/// </code>
/// <para>
/// <c>participant</c> (unique in the file), <c>replies</c> and each reply's <c>text</c> are required. See
/// <see cref="ReplayRecording"/> and <see cref="ReplayReply"/> for the meaning of each property.
/// </para>
/// </remarks>
public sealed class ReplayFile
{
    private const string InlineLabel = "Replay JSON";

    /// <summary>Gets or sets the recordings, one per participant.</summary>
    public IList<ReplayRecording>? Recordings { get; set; }

    /// <summary>Gets how error messages name this file: its path, or "Replay JSON" for inline JSON.</summary>
    internal string Label { get; private set; } = InlineLabel;

    /// <summary>Reads and validates a replay file.</summary>
    /// <param name="path">The path of the JSON file.</param>
    /// <returns>The parsed file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist; the message names its full path.</exception>
    /// <exception cref="InvalidDataException">The file is not valid JSON or not a valid replay file; the message names the file and the JSON path and line.</exception>
    public static ReplayFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Replay file '{fullPath}' was not found.", fullPath);
        }

        return ParseCore(File.ReadAllText(fullPath), $"Replay file '{fullPath}'");
    }

    /// <summary>Parses and validates replay JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The parsed file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The text is not valid JSON or not a valid replay file; the message names the JSON path and line.</exception>
    public static ReplayFile Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ParseCore(json, InlineLabel);
    }

    /// <summary>Gets the recording of one participant.</summary>
    /// <param name="participant">The participant name (ordinal, case-sensitive).</param>
    /// <returns>The recording.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="participant"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="participant"/> is empty or white space, or the file has no such participant (the message lists those it has).</exception>
    public ReplayRecording GetRecording(string participant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participant);
        var recordings = Recordings ?? [];
        foreach (var recording in recordings)
        {
            if (string.Equals(recording?.Participant, participant, StringComparison.Ordinal))
            {
                return recording!;
            }
        }

        var known = recordings.Count == 0
            ? "it has no recordings"
            : "it has: " + string.Join(", ", recordings.Select(static r => $"'{r?.Participant}'"));
        throw new ArgumentException(
            $"{Label} has no recording for participant '{participant}'; {known}.", nameof(participant));
    }

    /// <summary>Creates a client that replays one participant's recording.</summary>
    /// <param name="participant">The participant name.</param>
    /// <param name="timeProvider">The clock used for <see cref="ReplayReply.DelayMs"/>; <see cref="TimeProvider.System"/> by default.</param>
    /// <returns>A new client with its own position in the recording.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="participant"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="participant"/> is empty or white space, the file has no such participant, or the recording is invalid.</exception>
    public ReplayChatClient CreateClient(string participant, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participant);
        return new ReplayChatClient(GetRecording(participant), timeProvider);
    }

    private static ReplayFile ParseCore(string json, string label)
    {
        ReplayFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, ReplayJsonContext.Default.ReplayFile);
        }
        catch (JsonException ex)
        {
            // System.Text.Json appends " Path: $.x | LineNumber: 0 | BytePositionInLine: 0." with 0-based numbers;
            // drop it and report the same location once, 1-based.
            var detail = ex.Message;
            var suffix = detail.IndexOf(" Path: $", StringComparison.Ordinal);
            if (suffix > 0)
            {
                detail = detail[..suffix];
            }

            var line = ex.LineNumber is { } l ? (l + 1).ToString(CultureInfo.InvariantCulture) : "?";
            var position = ex.BytePositionInLine is { } p ? (p + 1).ToString(CultureInfo.InvariantCulture) : "?";
            throw new InvalidDataException(
                $"{label} is not valid: JSON error at path '{ex.Path ?? "$"}', line {line}, position {position}: {detail}",
                ex);
        }

        if (file is null)
        {
            throw new InvalidDataException($"{label} is not valid: the document is null; expected {{\"recordings\": [...]}}.");
        }

        var problem = ReplayValidation.Describe(file);
        if (problem is not null)
        {
            throw new InvalidDataException($"{label} is not valid: {problem}");
        }

        file.Label = label;
        return file;
    }
}
