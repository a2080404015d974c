using Convergence.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Convergence.Tests.Telemetry;

public sealed class LoggingTests
{
    private const string Secret = "sk-proj-FAKEfake0123456789abcdefKEY";

    [Fact]
    public async Task UseLogging_Run_OneEventPerParticipantSuccessAndFailureAndPerStage()
    {
        var (services, collector) = Logging(LogLevel.Debug);
        var (gpt, claude, _) = Panel.Create();
        var broken = new ScriptedChatClient("google", "gemini-2.5-flash").Throw(new InvalidOperationException("quota exceeded"));

        var result = await Panel.Builder(gpt, claude, broken).UseLogging().Build(services).RunAsync(new(Panel.Task));

        var records = collector.GetSnapshot().Where(r => r.Category == "Convergence").ToList();
        records.Where(r => r.Id.Name == "ParticipantSucceeded").Select(r => r.StructuredState!.Single(s => s.Key == "Participant").Value)
            .Should().BeEquivalentTo(["gpt", "claude"]);
        var failed = records.Should().ContainSingle(r => r.Id.Name == "ParticipantFailed").Subject;
        failed.Level.Should().Be(LogLevel.Warning);
        failed.Message.Should().Be("explorer 'gemini' failed on provider 'google' (Exception): InvalidOperationException: quota exceeded");
        failed.StructuredState.Should().Contain(new KeyValuePair<string, string?>("Kind", "Exception"));
        records.Where(r => r.Id.Name == "StageCompleted").Select(r => r.StructuredState!.Single(s => s.Key == "Stage").Value)
            .Should().Equal("explore", "synthesize");
        records.Where(r => r.Id.Name == "StageStarted").Should().HaveCount(2);
        records.Where(r => r.Id.Name == "CallSucceeded").Should().HaveCount(3);
        records.Should().ContainSingle(r => r.Id.Name == "CallFailed");
        var completed = records.Should().ContainSingle(r => r.Id.Name == "RunCompleted").Subject;
        completed.StructuredState.Should().Contain(new KeyValuePair<string, string?>("InputTokens", result.Usage.InputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task UseLogging_ContentOnlyAtTrace_AndSecretsNever()
    {
        var (services, collector) = Logging(LogLevel.Trace);
        var (gpt, claude, gemini) = Panel.Create();
        var leaky = new ScriptedChatClient("google", "gemini-2.5-flash").Throw(new InvalidOperationException($"rejected key {Secret}"));

        _ = await Panel.Builder(gpt, claude, leaky)
            .Configure(o => o.Secrets.Add(Secret))
            .UseLogging()
            .Build(services)
            .RunAsync(new($"{Panel.Task}; the key is {Secret}"));

        var records = collector.GetSnapshot();
        records.Should().Contain(r => r.Level == LogLevel.Trace && r.Message.Contains("payment retry loop", StringComparison.Ordinal));
        records.Should().Contain(r => r.Level == LogLevel.Trace && r.Message.Contains("Unbounded retries", StringComparison.Ordinal));
        string[] content = ["payment retry loop", "Unbounded retries", "Missing idempotency key", "no JSON here"];
        records.Where(r => r.Level > LogLevel.Trace).Should().NotContain(r => content.Any(c => r.Message.Contains(c, StringComparison.Ordinal)));
        records.Should().NotContain(r => r.Message.Contains(Secret, StringComparison.Ordinal) || (r.Exception != null && r.Exception.ToString().Contains(Secret, StringComparison.Ordinal)));
        records.Should().Contain(r => r.Message.Contains("[redacted]", StringComparison.Ordinal));
        _ = gemini;
    }

    [Fact]
    public async Task UseLogging_NoLoggerFactory_AddsNothingAndTheRunWorks()
    {
        var (gpt, claude, gemini) = Panel.Create();
        var builder = Panel.Builder(gpt, claude, gemini).UseLogging();

        var result = await builder.Build().RunAsync(new(Panel.Task));

        result.Status.Should().Be(RunStatus.Completed);
    }

    [Fact]
    public async Task UseLogging_ExplicitLoggerFactory_WinsOverTheService()
    {
        var (services, fromServices) = Logging(LogLevel.Debug);
        var (_, explicitCollector) = Logging(LogLevel.Debug);
        using var explicitFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(explicitCollector)));
        var (gpt, claude, gemini) = Panel.Create();

        _ = await Panel.Builder(gpt, claude, gemini).UseLogging(explicitFactory).Build(services).RunAsync(new(Panel.Task));

        explicitCollector.GetSnapshot().Should().Contain(r => r.Id.Name == "RunCompleted");
        fromServices.GetSnapshot().Should().NotContain(r => r.Category == "Convergence");
    }

    private static (ServiceProvider Services, FakeLogCollector Collector) Logging(LogLevel minimum)
    {
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(minimum).AddFakeLogging()).BuildServiceProvider();
        return (services, services.GetFakeLogCollector());
    }
}
