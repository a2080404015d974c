namespace Convergence.Tests.Cli;

/// <summary>Bad usage and bad configuration: exit 2, one line on stderr naming the problem, before any call, and no secret.</summary>
public sealed class CliConfigurationErrorTests : IDisposable
{
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal) { ["FAKE_OPENAI_KEY"] = CliPanel.FakeKey };

    private readonly CliPanel _panel = new();

    public void Dispose() => _panel.Dispose();

    public static TheoryData<string, string?, string, string> BadConfigurations => new()
    {
        {
            "missing key names the variable",
            null,
            """{"openai": {"Type": "openai", "ApiKeyEnv": "FAKE_OPENAI_KEY"}, "anthropic": {"Type": "anthropic", "ApiKeyEnv": "MISSING_ANTHROPIC_KEY"}}""",
            "MISSING_ANTHROPIC_KEY"
        },
        { "unknown provider type", null, """{"recorded": {"Type": "open-ai"}}""", "Convergence:Providers:recorded:Type" },
        { "participant naming an unknown provider", null, """{"elsewhere": {"Type": "replay", "Path": "panel.replay.json"}}""", "recorded" },
        { "duplicate participant names", "\"Builders\": [{\"Name\": \"gpt\", \"Provider\": \"recorded\"}], \"Build\": {\"VerifyCommand\": \"true\"}", "", "gpt" },
        { "bad audit policy", "\"Audit\": {\"Policy\": \"most\"}", "", "Convergence:Audit:Policy" },
        { "N-of-M that cannot match the auditors", "\"Audit\": {\"Policy\": \"2-of-3\"}", "", "Convergence:Audit:Policy" },
        { "bad veto severity", "\"Audit\": {\"VetoSeverity\": \"severe\"}", "", "Convergence:Audit:VetoSeverity" },
        { "bad dedup", "\"Synthesis\": {\"Dedup\": \"fuzzy\"}", "", "Convergence:Synthesis:Dedup" },
        { "bad threshold", "\"Synthesis\": {\"Dedup\": \"exact\", \"Threshold\": 1.5}", "", "Convergence:Synthesis:Threshold" },
        { "bad timeout", "\"Resilience\": {\"TimeoutSeconds\": -1}", "", "Convergence:Resilience:TimeoutSeconds" },
        { "quorum above the explorers", "\"Resilience\": {\"ExplorerQuorum\": 5}", "", "Convergence:Resilience:ExplorerQuorum" },
        { "top-k below one", "\"Build\": {\"TopK\": 0}", "", "Convergence:Build:TopK" },
        { "builders without a verify command", "\"Builders\": [{\"Name\": \"builder\", \"Provider\": \"recorded\"}]", "", "Convergence:Build:VerifyCommand" },
        { "a value the binder cannot convert", "\"Build\": {\"MaxIterations\": \"many\"}", "", "MaxIterations" },
    };

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public async Task Run_BadConfiguration_ExitsTwoWithOneLineNamingTheProblem(string because, string? extra, string providers, string named)
    {
        var explorers = providers.Contains("openai", StringComparison.Ordinal)
            ? """[{"Name": "gpt", "Provider": "openai", "Model": "gpt-4o-mini"}, {"Name": "claude", "Provider": "anthropic", "Model": "claude-haiku-4-5"}]"""
            : null;
        var config = explorers is null
            ? _panel.WriteConfig(extra, providers: providers.Length == 0 ? null : providers)
            : WriteRaw($$$"""{"Convergence": {"Providers": {{{providers}}}, "Explorers": {{{explorers}}}}}""");

        var run = await CliPanel.RunAsync(["run", "--config", config, "--task", "Review.", "--no-progress"], environment: Environment);

        run.ExitCode.Should().Be(2, because + ": " + run.Output + run.Error);
        run.Output.Should().BeEmpty("nothing runs, and no run id is printed, when the configuration is bad");
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle(because);
        lines[0].Should().Contain(named, because);
        (run.Output + run.Error).Should().NotContain(CliPanel.FakeKey);
    }

    [Theory]
    [InlineData(new[] { "run", "--task", "x" }, "--config")]
    [InlineData(new[] { "run", "--config", "missing.json", "--task", "x" }, "missing.json")]
    [InlineData(new[] { "frobnicate" }, "unknown command")]
    [InlineData(new[] { "run", "--bogus" }, "--bogus")]
    [InlineData(new[] { "run", "--config" }, "--config needs a value")]
    [InlineData(new[] { "resume", "--config", "x.json" }, "RUN_ID")]
    [InlineData(new[] { "demo", "--store", "dir" }, "demo does not take --store")]
    public async Task BadUsage_ExitsTwoWithOneLine(string[] args, string named)
    {
        var run = await CliPanel.RunAsync(args);

        run.ExitCode.Should().Be(2);
        run.Error.Trim().Should().Contain(named).And.NotContain("\n");
    }

    [Fact]
    public async Task Run_NoTask_ExitsTwo()
    {
        var run = await CliPanel.RunAsync(["run", "--config", _panel.WriteConfig()]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--task");
    }

    private string WriteRaw(string json)
    {
        var path = _panel.PathOf("raw.json");
        File.WriteAllText(path, json);
        return path;
    }
}
