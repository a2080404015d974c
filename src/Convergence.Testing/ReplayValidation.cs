namespace Convergence.Testing;

/// <summary>Checks replay models and describes the first problem with its JSON path.</summary>
internal static class ReplayValidation
{
    public static string? Describe(ReplayFile file)
    {
        if (file.Recordings is null)
        {
            return "'$.recordings' is missing; expected {\"recordings\": [...]}.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Recordings.Count; i++)
        {
            var recording = file.Recordings[i];
            var prefix = $"$.recordings[{i}]";
            if (recording is null)
            {
                return $"'{prefix}' is null.";
            }

            var problem = Describe(recording, prefix);
            if (problem is not null)
            {
                return problem;
            }

            if (!seen.Add(recording.Participant!))
            {
                return $"'{prefix}.participant' repeats participant '{recording.Participant}'; each participant has one recording.";
            }
        }

        return null;
    }

    public static string? Describe(ReplayRecording recording, string prefix)
    {
        if (string.IsNullOrWhiteSpace(recording.Participant))
        {
            return $"'{prefix}.participant' is missing or empty.";
        }

        if (recording.Replies is null)
        {
            return $"'{prefix}.replies' is missing (participant '{recording.Participant}').";
        }

        for (var j = 0; j < recording.Replies.Count; j++)
        {
            var reply = recording.Replies[j];
            var path = $"{prefix}.replies[{j}]";
            if (reply is null)
            {
                return $"'{path}' is null.";
            }

            if (reply.Text is null)
            {
                return $"'{path}.text' is missing.";
            }

            if (reply.Match is { Length: 0 })
            {
                return $"'{path}.match' is empty; use null for a reply served in order.";
            }

            if (reply.DelayMs < 0)
            {
                return $"'{path}.delayMs' is negative.";
            }

            if (reply.InputTokens < 0 || reply.OutputTokens < 0)
            {
                return $"'{path}' has a negative token count.";
            }
        }

        return null;
    }
}
