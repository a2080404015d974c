using Convergence.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Convergence.Tests.Testing;

public sealed class ReplayChatClientTests : IDisposable
{
    private const string TwoParticipants = """
        {"recordings": [
          {"participant": "gpt", "provider": "openai", "model": "gpt-4o-mini",
           "replies": [{"text": "first", "inputTokens": 812, "outputTokens": 240},
                       {"text": "second"},
                       {"text": "third"}]},
          {"participant": "claude", "provider": "anthropic", "model": "claude-sonnet-4-5",
           "replies": [{"text": "only"}]}
        ]}
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "convergence-replay-" + Guid.NewGuid().ToString("N"));

    public ReplayChatClientTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task GetResponseAsync_InOrderReplies_ServedInFileOrder()
    {
        using var client = ReplayChatClient.FromJson(TwoParticipants, "gpt");

        var texts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            texts.Add((await client.GetResponseAsync(Ask("anything"))).Text);
        }

        texts.Should().Equal("first", "second", "third");
        client.CallCount.Should().Be(3);
    }

    [Fact]
    public async Task GetResponseAsync_RepliesRunOut_ThrowsNamingParticipantAndCallNumber()
    {
        using var client = ReplayChatClient.FromJson(TwoParticipants, "gpt");
        for (var i = 0; i < 3; i++)
        {
            await client.GetResponseAsync(Ask("x"));
        }

        var act = () => client.GetResponseAsync(Ask("x"));

        await act.Should().ThrowAsync<InvalidOperationException>()
            .WithMessage("replay for participant 'gpt' has no reply left for call 4*");
    }

    [Fact]
    public async Task GetResponseAsync_LoopTrue_StartsAgainFromFirstReply()
    {
        using var client = ReplayChatClient.FromJson(
            """{"recordings": [{"participant": "p", "loop": true, "replies": [{"text": "a"}, {"text": "b"}]}]}""", "p");

        var texts = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            texts.Add((await client.GetResponseAsync(Ask("x"))).Text);
        }

        texts.Should().Equal("a", "b", "a", "b", "a");
    }

    [Fact]
    public async Task GetResponseAsync_SeveralMatches_LongestMatchWins()
    {
        const string Json = """
            {"recordings": [{"participant": "p", "replies": [
              {"text": "short", "match": "audit"},
              {"text": "long", "match": "audit the build"},
              {"text": "in order"}]}]}
            """;
        using var client = ReplayChatClient.FromJson(Json, "p");

        var longest = await client.GetResponseAsync([new(ChatRole.System, "You audit."), new(ChatRole.User, "Please audit the build output")]);
        var shortOnly = await client.GetResponseAsync(Ask("audit this"));

        longest.Text.Should().Be("long");
        shortOnly.Text.Should().Be("short");
    }

    [Fact]
    public async Task GetResponseAsync_MatchReply_IsReusableAndDoesNotConsumeInOrderReplies()
    {
        const string Json = """
            {"recordings": [{"participant": "p", "replies": [
              {"text": "verdict", "match": "verdict"},
              {"text": "one"},
              {"text": "two"}]}]}
            """;
        using var client = ReplayChatClient.FromJson(Json, "p");

        var texts = new List<string>();
        foreach (var prompt in new[] { "give a verdict", "explore", "verdict again", "explore more", "final verdict" })
        {
            texts.Add((await client.GetResponseAsync(Ask(prompt))).Text);
        }

        texts.Should().Equal("verdict", "one", "verdict", "two", "verdict");
    }

    [Fact]
    public async Task GetResponseAsync_MatchIsOrdinal_DifferentCaseFallsBackToInOrder()
    {
        using var client = ReplayChatClient.FromJson(
            """{"recordings": [{"participant": "p", "replies": [{"text": "matched", "match": "Verdict"}, {"text": "in order"}]}]}""", "p");

        (await client.GetResponseAsync(Ask("verdict"))).Text.Should().Be("in order");
    }

    [Fact]
    public async Task GetResponseAsync_RecordedTokens_ReportsUsageAndModel()
    {
        using var client = ReplayChatClient.FromJson(TwoParticipants, "gpt");

        var withUsage = await client.GetResponseAsync(Ask("x"));
        var withoutUsage = await client.GetResponseAsync(Ask("x"));

        withUsage.ModelId.Should().Be("gpt-4o-mini");
        withUsage.Usage!.InputTokenCount.Should().Be(812);
        withUsage.Usage.OutputTokenCount.Should().Be(240);
        withUsage.Usage.TotalTokenCount.Should().Be(1052);
        withoutUsage.Usage.Should().BeNull();
    }

    [Fact]
    public void GetService_ChatClientMetadata_ReturnsRecordedProviderAndModel()
    {
        using var client = ReplayChatClient.FromJson(TwoParticipants, "claude");

        var metadata = client.GetService<ChatClientMetadata>();

        metadata!.ProviderName.Should().Be("anthropic");
        metadata.DefaultModelId.Should().Be("claude-sonnet-4-5");
        client.GetService(typeof(ReplayChatClient)).Should().BeSameAs(client);
        client.GetService(typeof(ReplayChatClient), "key").Should().BeNull();
        client.Participant.Should().Be("claude");
    }

    [Fact]
    public async Task GetResponseAsync_DelayMs_WaitsOnTimeProviderAndHonoursCancellation()
    {
        const string Json = """{"recordings": [{"participant": "p", "replies": [{"text": "slow", "delayMs": 1000}, {"text": "cancelled", "delayMs": 1000}]}]}""";
        var clock = new FakeTimeProvider();
        using var client = ReplayChatClient.FromJson(Json, "p", clock);
        using var cts = new CancellationTokenSource();

        var first = client.GetResponseAsync(Ask("x"));
        clock.Advance(TimeSpan.FromMilliseconds(999));
        first.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        (await first).Text.Should().Be("slow");

        var second = client.GetResponseAsync(Ask("x"), cancellationToken: cts.Token);
        await cts.CancelAsync();
        await second.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Reply_YieldsTextAndUsage()
    {
        using var client = ReplayChatClient.FromJson(TwoParticipants, "gpt");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Ask("x")))
        {
            updates.Add(update);
        }

        var combined = updates.ToChatResponse();
        combined.Text.Should().Be("first");
        combined.Usage!.InputTokenCount.Should().Be(812);
        combined.Usage.OutputTokenCount.Should().Be(240);
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrentCalls_EachInOrderReplyServedOnce()
    {
        const int Replies = 100;
        var recording = new ReplayRecording
        {
            Participant = "p",
            Replies = [.. Enumerable.Range(0, Replies).Select(i => new ReplayReply { Text = $"r{i}" })],
        };
        using var client = new ReplayChatClient(recording);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, Replies)
            .Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return (await client.GetResponseAsync(Ask("x"))).Text;
            }))
            .ToArray();
        start.SetResult();
        var texts = await Task.WhenAll(tasks);

        texts.Should().OnlyHaveUniqueItems().And.HaveCount(Replies);
    }

    [Fact]
    public async Task Ctor_RecordingChangedAfterwards_ClientUnaffected()
    {
        var recording = new ReplayRecording { Participant = "p", Replies = [new ReplayReply { Text = "original" }] };
        using var client = new ReplayChatClient(recording);

        recording.Replies[0].Text = "changed";

        (await client.GetResponseAsync(Ask("x"))).Text.Should().Be("original");
    }

    [Fact]
    public void Ctor_ReplyWithoutText_ThrowsArgumentException()
    {
        var recording = new ReplayRecording { Participant = "p", Replies = [new ReplayReply()] };

        var act = () => new ReplayChatClient(recording);

        act.Should().Throw<ArgumentException>().WithParameterName("recording").WithMessage("*replies[0].text*");
    }

    [Fact]
    public async Task Load_OneFile_CreatesIndependentClientsPerParticipant()
    {
        var path = Write("replay.json", TwoParticipants);

        var file = ReplayFile.Load(path);
        using var gpt = file.CreateClient("gpt");
        using var gptAgain = file.CreateClient("gpt");
        using var claude = file.CreateClient("claude");

        (await gpt.GetResponseAsync(Ask("x"))).Text.Should().Be("first");
        (await gptAgain.GetResponseAsync(Ask("x"))).Text.Should().Be("first");
        (await claude.GetResponseAsync(Ask("x"))).Text.Should().Be("only");
        file.Recordings.Should().HaveCount(2);
    }

    [Fact]
    public async Task Load_ValidPath_ServesRecording()
    {
        var path = Write("gpt.json", TwoParticipants);

        using var client = ReplayChatClient.Load(path, "gpt");

        (await client.GetResponseAsync(Ask("x"))).Text.Should().Be("first");
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingPath()
    {
        var path = Path.Combine(_directory, "missing.json");

        var act = () => ReplayChatClient.Load(path, "gpt");

        act.Should().Throw<FileNotFoundException>()
            .Where(e => e.Message.Contains(path, StringComparison.Ordinal) && e.FileName == path);
    }

    [Fact]
    public void Load_BadJson_ThrowsInvalidDataNamingFileAndLine()
    {
        var path = Write("bad.json", "{\"recordings\": [\n  {\"participant\": \"gpt\",\n   \"replies\": [{\"text\": }]}]}");

        var act = () => ReplayFile.Load(path);

        act.Should().Throw<InvalidDataException>()
            .Where(e => e.Message.Contains(path, StringComparison.Ordinal))
            .Where(e => e.Message.Contains("line 3", StringComparison.Ordinal))
            .Where(e => e.Message.Contains("$.recordings[0].replies[0].text", StringComparison.Ordinal))
            .WithInnerException<System.Text.Json.JsonException>();
    }

    [Fact]
    public void Load_WrongTypeForProperty_ThrowsInvalidDataNamingJsonPath()
    {
        var path = Write("types.json", """{"recordings": [{"participant": "gpt", "replies": [{"text": "a", "inputTokens": "many"}]}]}""");

        var act = () => ReplayFile.Load(path);

        act.Should().Throw<InvalidDataException>()
            .Where(e => e.Message.Contains(path, StringComparison.Ordinal))
            .Where(e => e.Message.Contains("$.recordings[0].replies[0].inputTokens", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingRequiredText_ThrowsInvalidDataNamingFileAndPath()
    {
        var path = Write("notext.json", """{"recordings": [{"participant": "gpt", "replies": [{"text": "a"}, {"inputTokens": 3}]}]}""");

        var act = () => ReplayFile.Load(path);

        act.Should().Throw<InvalidDataException>()
            .Where(e => e.Message.Contains(path, StringComparison.Ordinal))
            .Where(e => e.Message.Contains("$.recordings[0].replies[1].text", StringComparison.Ordinal));
    }

    [Fact]
    public void FromJson_DuplicateParticipant_ThrowsInvalidData()
    {
        var act = () => ReplayChatClient.FromJson(
            """{"recordings": [{"participant": "a", "replies": []}, {"participant": "a", "replies": []}]}""", "a");

        act.Should().Throw<InvalidDataException>().WithMessage("*$.recordings[1].participant*'a'*");
    }

    [Fact]
    public void FromJson_UnknownParticipant_ThrowsListingKnownParticipants()
    {
        var act = () => ReplayChatClient.FromJson(TwoParticipants, "gemini");

        act.Should().Throw<ArgumentException>()
            .WithParameterName("participant")
            .WithMessage("*'gemini'*'gpt'*'claude'*");
    }

    [Fact]
    public void Load_UnknownParticipant_MessageNamesFile()
    {
        var path = Write("named.json", TwoParticipants);

        var act = () => ReplayChatClient.Load(path, "gemini");

        act.Should().Throw<ArgumentException>().Where(e => e.Message.Contains(path, StringComparison.Ordinal));
    }

    private static ChatMessage[] Ask(string text) => [new(ChatRole.User, text)];

    private string Write(string name, string json)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, json);
        return path;
    }
}
