using System.Text.Json;

namespace Convergence.Tests.Cli;

public sealed class CliRunTests : IDisposable
{
    private readonly CliPanel _panel = new();

    public void Dispose() => _panel.Dispose();

    [Fact]
    public async Task Demo_Offline_ExitsZeroSaysRecordedAndPrintsFunnel()
    {
        var run = await CliPanel.RunAsync(["demo"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Contain("RECORDED").And.Contain("Funnel: ").And.Contain("approved");
        run.Output.Should().NotContain("\u001b");
    }

    [Fact]
    public async Task Run_ReplayConfig_FirstLineIsRunIdAndResultJsonFollowsTheContract()
    {
        var config = _panel.WriteConfig();
        var output = _panel.PathOf("out/result.json");

        var run = await CliPanel.RunAsync(["run", "--config", config, "--task", "Review the query code.", "--output", output, "--no-progress"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.FirstLine.Should().MatchRegex("^run: [0-9T]{15}-[0-9a-f]{8}$");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var root = json.RootElement;
        root.GetProperty("runId").GetString().Should().Be(run.RunId);
        root.GetProperty("status").GetString().Should().Be("partial", "llama failed and is reported");
        var candidates = root.GetProperty("candidates").EnumerateArray().ToList();
        candidates.Should().HaveCountGreaterThanOrEqualTo(3);
        var top = candidates[0];
        top.GetProperty("rank").GetInt32().Should().Be(1);
        top.GetProperty("title").GetString().Should().Be("SQL injection");
        top.GetProperty("score").GetDouble().Should().BeGreaterThan(0.9);
        top.GetProperty("distinctProviders").GetInt32().Should().Be(3);
        top.GetProperty("supporters").EnumerateArray().Select(static s => s.GetProperty("provider").GetString())
            .Should().BeEquivalentTo("openai", "anthropic", "google");
        top.GetProperty("supporters")[0].GetProperty("participant").GetString().Should().Be("gpt");
        top.GetProperty("status").GetString().Should().Be("not-built");
        top.GetProperty("audits").GetArrayLength().Should().Be(0);
        var participants = root.GetProperty("participants").EnumerateArray().ToList();
        participants.Select(static p => p.GetProperty("name").GetString()).Should().Equal("gpt", "claude", "gemini", "llama");
        participants[0].GetProperty("role").GetString().Should().Be("explorer");
        participants[0].GetProperty("status").GetString().Should().Be("succeeded");
        participants[0].GetProperty("usage").GetProperty("inputTokens").GetInt64().Should().Be(100);
        participants[0].GetProperty("usage").GetProperty("outputTokens").GetInt64().Should().Be(40);
        participants[3].GetProperty("status").GetString().Should().Be("failed");
        participants[3].GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        root.GetProperty("usage").GetProperty("inputTokens").GetInt64().Should().BeGreaterThanOrEqualTo(300);
        root.GetProperty("warnings").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Run_NoProgress_PrintsPlainProgressLinesWithoutEscapes()
    {
        var run = await CliPanel.RunAsync(["run", "--config", _panel.WriteConfig(), "--task", "Review.", "--no-progress"], terminal: true);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().NotContain("\u001b");
        run.Output.Should().MatchRegex(@"\[explore\] gpt \(openai\) succeeded \d+\.\ds 140 tokens, 2 findings");
        run.Output.Should().Contain("[explore] llama (ollama) failed (invalid-reply)");
        run.Output.Should().Contain("Ranked candidates").And.Contain("Funnel: ");
    }

    [Fact]
    public async Task Run_RedirectedOutput_IsPlainEvenWithoutNoProgress()
    {
        var run = await CliPanel.RunAsync(["run", "--config", _panel.WriteConfig(), "--task", "Review."], terminal: false);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().NotContain("\u001b").And.Contain("[synthesize] ");
    }

    [Fact]
    public async Task Run_QuorumNotReached_ExitsThreeAndStillWritesTheFindings()
    {
        var config = _panel.WriteConfig("\"Resilience\": {\"ExplorerQuorum\": 2}", explorers: """["gpt", "llama"]""");
        var output = _panel.PathOf("result.json");

        var run = await CliPanel.RunAsync(["run", "--config", config, "--task", "Review.", "--output", output]);

        run.ExitCode.Should().Be(3, run.Output + run.Error);
        run.Error.Should().Contain("quorum");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        json.RootElement.GetProperty("status").GetString().Should().Be("failed");
        json.RootElement.GetProperty("findings").EnumerateArray().Select(static f => f.GetProperty("title").GetString())
            .Should().Contain("SQL injection", "the findings that arrived are kept");
    }

    [Fact]
    public async Task Run_Report_HasTaskMermaidFunnelSupportMatrixFailuresAndUsage()
    {
        var report = _panel.PathOf("report.md");

        var run = await CliPanel.RunAsync(["run", "--config", _panel.WriteConfig(), "--task", "Review the query code.", "--report", report]);

        run.ExitCode.Should().Be(0, run.Error);
        var md = await File.ReadAllTextAsync(report);
        md.Should().Contain("> Review the query code.");
        md.Should().Contain("```mermaid\nflowchart LR\n    F[\"6 findings\"] --> C[\"3 candidates\"]");
        md.Should().Contain("| Candidate | openai | anthropic | google | ollama |");
        md.Should().Contain("| 1. SQL injection | ✓ | ✓ | ✓ | |");
        md.Should().Contain("| 2. No size limit | ✓ | | ✓ | |");
        md.Should().Contain("## Dissent").And.Contain("**Blocking read** (anthropic, claude)");
        md.Should().Contain("| llama | explorer | ollama | invalid-reply |");
        md.Should().Contain("| gpt | explorer | openai | gpt-model | 1 |").And.Contain("| **Total** |");
    }

    [Fact]
    public async Task Run_TaskFromFile_IsTheTask()
    {
        var taskFile = _panel.PathOf("task.md");
        await File.WriteAllTextAsync(taskFile, "Review the upload handler.\n");
        var output = _panel.PathOf("result.json");

        var run = await CliPanel.RunAsync(["run", "--config", _panel.WriteConfig(), "--task-file", taskFile, "--output", output]);

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        json.RootElement.GetProperty("task").GetString().Should().Be("Review the upload handler.");
    }

    [Fact]
    public async Task Run_TaskFromStandardInput_IsTheTask()
    {
        var output = _panel.PathOf("result.json");

        var run = await CliPanel.RunAsync(["run", "--config", _panel.WriteConfig(), "--task-file", "-", "--output", output], stdin: "Review from stdin.\n");

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        json.RootElement.GetProperty("task").GetString().Should().Be("Review from stdin.");
    }

    [Fact]
    public async Task Run_EnvironmentVariable_OverridesTheFile()
    {
        var environment = new Dictionary<string, string> { ["Convergence__Resilience__ExplorerQuorum"] = "9" };

        var run = await CliPanel.RunAsync(["run", "--config", _panel.WriteConfig(), "--task", "Review."], environment: environment);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("Convergence:Resilience:ExplorerQuorum");
    }

    [Fact]
    public async Task Run_CancelledThenResumed_FinishesWithoutCallingCompletedParticipantsAgain()
    {
        // gpt is slow: the run is cancelled while it works, after claude, gemini and llama have answered.
        await File.WriteAllTextAsync(_panel.PathOf("panel.replay.json"), CliPanel.Replay(gptDelayMs: 60_000));
        var config = _panel.WriteConfig();
        var store = _panel.PathOf("store");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var first = await CliPanel.RunAsync(["run", "--config", config, "--task", "Review.", "--store", store], cancellationToken: cancellation.Token);

        first.ExitCode.Should().Be(130, first.Output + first.Error);
        first.Error.Should().Contain($"convergence resume {first.RunId}");

        // Now gpt answers at once; the others' recordings would now say something else if they were called again.
        var changed = CliPanel.Finding("CALLED AGAIN", "A completed participant was called again.");
        await File.WriteAllTextAsync(_panel.PathOf("panel.replay.json"), $$"""
            {"recordings": [
              {{CliPanel.Explorer("gpt", "openai", CliPanel.Finding("SQL injection", "Concatenated input."))}},
              {{CliPanel.Explorer("claude", "anthropic", changed)}},
              {{CliPanel.Explorer("gemini", "google", changed)}},
              {{CliPanel.Explorer("llama", "ollama", changed)}}
            ]}
            """);
        var output = _panel.PathOf("resumed.json");

        var resumed = await CliPanel.RunAsync(["resume", first.RunId, "--config", config, "--store", store, "--output", output]);

        resumed.ExitCode.Should().Be(0, resumed.Output + resumed.Error);
        resumed.FirstLine.Should().Be($"run: {first.RunId}");
        var json = await File.ReadAllTextAsync(output);
        json.Should().NotContain("CALLED AGAIN");
        using var doc = JsonDocument.Parse(json);
        var calls = doc.RootElement.GetProperty("participants").EnumerateArray()
            .ToDictionary(static p => p.GetProperty("name").GetString()!, static p => p.GetProperty("calls").GetInt32());
        calls["gpt"].Should().Be(1);
        calls["claude"].Should().Be(0);
        calls["gemini"].Should().Be(0);
        calls["llama"].Should().Be(0);
        doc.RootElement.GetProperty("candidates")[0].GetProperty("distinctProviders").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Resume_UnknownRun_ExitsTwoNamingIt()
    {
        var run = await CliPanel.RunAsync(["resume", "no-such-run", "--config", _panel.WriteConfig(), "--store", _panel.PathOf("store")]);

        run.ExitCode.Should().Be(2);
        run.Error.Trim().Should().Contain("no run 'no-such-run'").And.NotContain("\n");
    }

    [Fact]
    public async Task DemoOllama_NoServer_SaysSoAndHowToStartOneAndRunsNothing()
    {
        var run = await CliPanel.RunAsync(["demo", "--ollama"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Contain("No Ollama server answered").And.Contain("ollama serve");
        run.Output.Should().NotContain("RECORDED").And.NotContain("run: ");
    }
}
