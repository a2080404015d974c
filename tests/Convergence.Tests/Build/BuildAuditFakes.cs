using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Convergence.Testing;
using Microsoft.Extensions.AI;

namespace Convergence.Tests.Build;

/// <summary>Scripted chat clients (from Convergence.Testing) that answer from a callback and report their provider.</summary>
internal static class Fake
{
    public static ScriptedChatClient Client(string provider, string model, Func<IReadOnlyList<ChatMessage>, int, string> reply) =>
        new ScriptedChatClient(provider, model).WhenExhausted((request, _) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(request.Messages, request.CallIndex)))));

    public static ScriptedChatClient Client(string provider, string model, params string[] replies) =>
        Client(provider, model, (_, call) => replies[Math.Min(call, replies.Length - 1)]);

    /// <summary>Every request's messages joined into one text, in call order.</summary>
    public static IReadOnlyList<string> Prompts(this ScriptedChatClient client) => [.. client.Requests.Select(r => r.Text)];
}

/// <summary>A verifier that answers from a callback (given the artifact and the 0-based call number) and records what it saw.</summary>
internal sealed class FakeVerifier : IBuildVerifier
{
    private readonly Func<BuildArtifact, int, VerificationResult> _verify;
    private int _calls;

    public FakeVerifier(Func<BuildArtifact, int, VerificationResult> verify) => _verify = verify;

    public ConcurrentQueue<BuildArtifact> Artifacts { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public static FakeVerifier PassOn(int passingCall) =>
        new((_, call) => call >= passingCall ? VerificationResult.Pass("ok") : VerificationResult.Fail($"test {call} failed: expected 42"));

    public Task<VerificationResult> VerifyAsync(BuildArtifact artifact, CancellationToken cancellationToken = default)
    {
        Artifacts.Enqueue(artifact);
        var call = Interlocked.Increment(ref _calls) - 1;
        return Task.FromResult(_verify(artifact, call));
    }
}

/// <summary>Canned replies and pipeline set-ups shared by the build and audit tests.</summary>
internal static partial class BuildAudit
{
    public const string Task = "Make the report endpoint faster.";

    public static string Findings(params string[] titles) =>
        "{\"findings\": [" + string.Join(", ", titles.Select(t => $"{{\"title\": \"{t}\", \"detail\": \"{t} because it matters\"}}")) + "]}";

    public static string Verdict(string verdict, string severity = "low") =>
        $"{{\"verdict\": \"{verdict}\", \"confidence\": 0.9, \"risks\": [{{\"severity\": \"{severity}\", \"description\": \"{verdict} risk\"}}]}}";

    public static ScriptedChatClient Explorer(string provider = "explorer-provider", params string[] titles) =>
        Fake.Client(provider, provider + "-model", Findings(titles.Length == 0 ? ["Cache the report"] : titles));

    public static ScriptedChatClient Builder(string provider = "builder-provider") =>
        Fake.Client(provider, provider + "-model", (_, call) => $"artifact v{call + 1}");

    public static ScriptedChatClient Auditor(string provider, params string[] verdicts) =>
        Fake.Client(provider, provider + "-model", verdicts.Length == 0 ? [Verdict("approve")] : verdicts);

    /// <summary>Removes every data block (the opening tag's nonce must match the closing tag's), leaving only the prompt's own text.</summary>
    public static string OutsideData(string prompt) => DataBlock().Replace(prompt, string.Empty);

    [GeneratedRegex("<(data-[0-9a-f]+) label=\"[^\"]*\">.*?</\\1>", RegexOptions.Singleline)]
    private static partial Regex DataBlock();
}
