using System.Text.Json;

namespace Convergence.Quality;

/// <summary>One question of a <c>*.jsonl</c> replay file: the gold answer and each participant's recorded answer.</summary>
internal sealed record ReplayItem(string Id, string Question, string Gold, IReadOnlyList<(ParticipantIdentity Participant, string Text, string Answer)> Responses)
{
    public static IReadOnlyList<ReplayItem> Load(string path)
    {
        var items = new List<ReplayItem>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var responses = new List<(ParticipantIdentity, string, string)>();
            foreach (var r in root.GetProperty("responses").EnumerateArray())
            {
                var identity = new ParticipantIdentity(r.GetProperty("participant").GetString()!, r.GetProperty("provider").GetString()!, r.GetProperty("model").GetString());
                responses.Add((identity, r.TryGetProperty("text", out var t) ? t.GetString() ?? string.Empty : string.Empty, r.GetProperty("answer").GetString() ?? string.Empty));
            }

            items.Add(new ReplayItem(root.GetProperty("id").GetString()!, root.GetProperty("question").GetString() ?? string.Empty, root.GetProperty("gold").GetString()!, responses));
        }

        return items;
    }

    public CalibrationItem ToCalibrationItem()
        => new(Gold, Responses.Select(r => new CalibrationAnswer(r.Participant, r.Answer)).ToArray());
}
