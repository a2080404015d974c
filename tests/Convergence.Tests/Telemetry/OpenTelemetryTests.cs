using System.Diagnostics;
using Convergence.Testing;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Convergence.Tests.Telemetry;

public sealed class OpenTelemetryTests
{
    private readonly string _source = $"Convergence.Tests.{Guid.NewGuid():N}";

    [Fact]
    public async Task UseOpenTelemetry_Run_OneTraceWithRunStageAndParticipantCallSpans()
    {
        var spans = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(_source).AddInMemoryExporter(spans).Build();
        var (gpt, claude, gemini) = Panel.Create();

        var result = await Panel.Builder(gpt, claude, gemini).UseOpenTelemetry(_source).Build().RunAsync(new(Panel.Task));

        var run = spans.Should().ContainSingle(s => s.DisplayName == "convergence.run").Subject;
        run.ParentId.Should().BeNull();
        run.GetTagItem("convergence.run.id").Should().Be(result.RunId);
        run.GetTagItem("gen_ai.usage.input_tokens").Should().Be(result.Usage.InputTokens);
        spans.Should().OnlyContain(s => s.TraceId == run.TraceId);

        var explore = spans.Should().ContainSingle(s => s.DisplayName == "convergence.stage explore").Subject;
        var synthesize = spans.Should().ContainSingle(s => s.DisplayName == "convergence.stage synthesize").Subject;
        explore.ParentSpanId.Should().Be(run.SpanId);
        synthesize.ParentSpanId.Should().Be(run.SpanId);
        explore.GetTagItem("convergence.candidates").Should().Be(3, "explore yields three findings");
        synthesize.GetTagItem("convergence.candidates").Should().Be(2, "two findings are the same defect");

        var calls = spans.Where(s => s.DisplayName.StartsWith("invoke_agent ", StringComparison.Ordinal)).ToList();
        calls.Should().HaveCount(4, "claude's unusable reply is followed by a repair request");
        calls.Should().OnlyContain(s => s.ParentSpanId == explore.SpanId);
        var gptCall = calls.Should().ContainSingle(s => s.DisplayName == "invoke_agent gpt").Subject;
        gptCall.GetTagItem("gen_ai.operation.name").Should().Be("invoke_agent");
        gptCall.GetTagItem("gen_ai.agent.name").Should().Be("gpt");
        gptCall.GetTagItem("gen_ai.provider.name").Should().Be("openai");
        gptCall.GetTagItem("gen_ai.request.model").Should().Be("gpt-4o-mini");
        gptCall.GetTagItem("gen_ai.usage.input_tokens").Should().Be(100L);
        gptCall.GetTagItem("gen_ai.usage.output_tokens").Should().Be(20L);
        gptCall.GetTagItem("convergence.role").Should().Be("explorer");
        gptCall.GetTagItem("convergence.stage").Should().Be("explore");
        gptCall.Status.Should().Be(ActivityStatusCode.Unset);
        calls.Where(s => s.DisplayName == "invoke_agent claude").Sum(s => (long)s.GetTagItem("gen_ai.usage.output_tokens")!).Should().Be(40);
    }

    [Fact]
    public async Task UseOpenTelemetry_ClientsWithMeaiOpenTelemetry_ChatSpansNestUnderParticipantCallSpans()
    {
        var spans = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(_source).AddInMemoryExporter(spans).Build();
        var (gpt, claude, gemini) = Panel.Create();
        IChatClient Traced(IChatClient client) => client.AsBuilder().UseOpenTelemetry(sourceName: _source).Build();

        _ = await Panel.Builder(Traced(gpt), Traced(claude), Traced(gemini)).UseOpenTelemetry(_source).Build().RunAsync(new(Panel.Task));

        var run = spans.Single(s => s.DisplayName == "convergence.run");
        var chats = spans.Where(s => s.DisplayName.StartsWith("chat", StringComparison.Ordinal)).ToList();
        chats.Should().HaveCount(4);
        var byId = spans.ToDictionary(s => s.SpanId);
        foreach (var chat in chats)
        {
            chat.TraceId.Should().Be(run.TraceId);
            byId[chat.ParentSpanId].DisplayName.Should().StartWith("invoke_agent ");
        }

        var gptChat = chats.Single(c => byId[c.ParentSpanId].DisplayName == "invoke_agent gpt");
        gptChat.GetTagItem("gen_ai.provider.name").Should().Be("openai");
        gptChat.GetTagItem("gen_ai.usage.input_tokens").Should().Be(100);
    }

    [Fact]
    public async Task UseOpenTelemetry_FailedCall_SpanHasErrorTypeAndErrorStatus()
    {
        var spans = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(_source).AddInMemoryExporter(spans).Build();
        var (gpt, _, gemini) = Panel.Create();
        var broken = new ScriptedChatClient("anthropic", "claude-sonnet-4-5").Throw(new InvalidOperationException("model overloaded"));

        var result = await Panel.Builder(gpt, broken, gemini).UseOpenTelemetry(_source).Build().RunAsync(new(Panel.Task));

        result.Status.Should().Be(RunStatus.Partial);
        var call = spans.Should().ContainSingle(s => s.DisplayName == "invoke_agent claude").Subject;
        call.Status.Should().Be(ActivityStatusCode.Error);
        call.GetTagItem("error.type").Should().Be("System.InvalidOperationException");
        call.GetTagItem("convergence.error.kind").Should().Be("exception");
        call.GetTagItem("gen_ai.usage.input_tokens").Should().BeNull();
    }

    [Fact]
    public async Task UseOpenTelemetry_ByDefault_SpansCarryNoContent()
    {
        var spans = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(_source).AddInMemoryExporter(spans).Build();
        var (gpt, claude, gemini) = Panel.Create();

        var result = await Panel.Builder(gpt, claude, gemini).UseOpenTelemetry(_source).Build().RunAsync(new(Panel.Task));

        spans.Should().NotBeEmpty();
        var values = spans.SelectMany(s => s.TagObjects.Select(t => t.Value?.ToString() ?? string.Empty).Append(s.StatusDescription ?? string.Empty)
            .Concat(s.Events.Select(e => e.Name))).ToList();
        string[] content = ["payment retry loop", "Unbounded retries", "Missing idempotency key", "no JSON here", "findings"];
        foreach (var text in content)
        {
            values.Should().NotContain(v => v.Contains(text, StringComparison.OrdinalIgnoreCase), $"'{text}' is content");
        }

        result.Candidates.Should().NotBeEmpty();
        spans.Should().NotContain(s => s.TagObjects.Any(t => t.Key == "gen_ai.input.messages" || t.Key == "convergence.reply" || t.Key == "convergence.task"));
    }

    [Fact]
    public async Task UseOpenTelemetry_EnableSensitiveData_SpansCarryContentWithSecretsRedacted()
    {
        const string Secret = "hunter2-very-secret";
        var spans = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(_source).AddInMemoryExporter(spans).Build();
        var (gpt, claude, gemini) = Panel.Create();

        _ = await Panel.Builder(gpt, claude, gemini)
            .UseOpenTelemetry(_source, o => o.EnableSensitiveData = true)
            .Configure(o => o.Secrets.Add(Secret))
            .Build()
            .RunAsync(new($"{Panel.Task} (the staging password is {Secret})"));

        var gptCall = spans.Single(s => s.DisplayName == "invoke_agent gpt");
        ((string)gptCall.GetTagItem("gen_ai.input.messages")!).Should().Contain("payment retry loop").And.Contain("[redacted]");
        ((string)gptCall.GetTagItem("convergence.reply")!).Should().Contain("Unbounded retries");
        spans.Single(s => s.DisplayName == "convergence.run").GetTagItem("convergence.task").Should().Be($"{Panel.Task} (the staging password is [redacted])");
        spans.SelectMany(s => s.TagObjects).Should().NotContain(t => (t.Value as string ?? string.Empty).Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UseOpenTelemetry_Metrics_CallsTokensFailuresStageDurationAndCandidates()
    {
        var metrics = new List<Metric>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(_source).AddInMemoryExporter(metrics).Build();
        var (gpt, claude, _) = Panel.Create();
        var broken = new ScriptedChatClient("google", "gemini-2.5-flash").Throw(new InvalidOperationException("quota"));

        _ = await Panel.Builder(gpt, claude, broken)
            .Configure(o => o.CostEstimator = new PriceTable().Add("openai", null, 1m, 2m).Add("anthropic", null, 3m, 15m).Add("google", null, 0m, 0m))
            .UseOpenTelemetry(_source)
            .Build()
            .RunAsync(new(Panel.Task));
        meters.ForceFlush().Should().BeTrue();

        var tokens = Points(metrics, "convergence.tokens");
        Sum(tokens, ("gen_ai.provider.name", "openai"), ("gen_ai.token.type", "input")).Should().Be(100);
        Sum(tokens, ("gen_ai.provider.name", "anthropic"), ("gen_ai.token.type", "input")).Should().Be(200);
        Sum(tokens, ("gen_ai.provider.name", "anthropic"), ("gen_ai.token.type", "output")).Should().Be(40);
        Sum(tokens, ("convergence.role", "explorer")).Should().Be(100 + 20 + 90 + 10 + 110 + 30);

        var calls = Points(metrics, "convergence.participant.calls");
        Sum(calls).Should().Be(4);
        Sum(calls, ("error.type", "System.InvalidOperationException")).Should().Be(1);

        var failures = Points(metrics, "convergence.participant.failures");
        Sum(failures, ("gen_ai.provider.name", "google"), ("convergence.error.kind", "exception")).Should().Be(1);

        var cost = Points(metrics, "convergence.cost");
        cost.Sum(p => p.GetSumDouble()).Should().BeApproximately(((100 * 1) + (20 * 2) + (200 * 3) + (40 * 15)) / 1_000_000d, 1e-12);

        var stageDuration = Points(metrics, "convergence.stage.duration");
        stageDuration.Select(p => Tag(p, "convergence.stage")).Should().BeEquivalentTo(["explore", "synthesize"]);
        stageDuration.Should().OnlyContain(p => p.GetHistogramCount() == 1);

        var candidates = Points(metrics, "convergence.stage.candidates");
        candidates.Single(p => Tag(p, "convergence.stage") == "explore").GetHistogramSum().Should().Be(2);
        candidates.Single(p => Tag(p, "convergence.stage") == "synthesize").GetHistogramSum().Should().Be(1);
    }

    [Fact]
    public void UseOpenTelemetry_NullBuilder_Throws()
    {
        var act = () => OpenTelemetryConvergencePipelineBuilderExtensions.UseOpenTelemetry(null!);
        act.Should().Throw<ArgumentNullException>().WithParameterName("builder");
    }

    private static List<MetricPoint> Points(List<Metric> metrics, string name)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                points.Add(point);
            }
        }

        return points;
    }

    private static long Sum(List<MetricPoint> points, params (string Key, string Value)[] tags) =>
        points.Where(p => tags.All(t => Tag(p, t.Key) == t.Value)).Sum(p => p.GetSumLong());

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }
}

public sealed class OpenTelemetryCancellationTests
{
    [Fact]
    public async Task UseOpenTelemetry_RunCancelled_EverySpanEndsAndTheRunSpanHasTheErrorType()
    {
        var source = $"Convergence.Tests.{Guid.NewGuid():N}";
        var spans = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(source).AddInMemoryExporter(spans).Build();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (gpt, _, _) = Panel.Create();
        var hanging = Convergence.Tests.TestDoubles.Scripted.Hanging("anthropic", entered);
        using var cancellation = new CancellationTokenSource();

        var run = new ConvergencePipelineBuilder()
            .AddExplorer(gpt, o => o.Name = "gpt")
            .AddExplorer(hanging, o => o.Name = "claude")
            .UseOpenTelemetry(source)
            .Build()
            .RunAsync(new(Panel.Task), cancellation.Token);
        await entered.Task;
        await cancellation.CancelAsync();
        await FluentActions.Awaiting(() => run).Should().ThrowAsync<OperationCanceledException>();

        spans.Select(s => s.DisplayName).Should().BeEquivalentTo(["invoke_agent gpt", "invoke_agent claude", "convergence.stage explore", "convergence.run"]);
        spans.Should().OnlyContain(s => s.Duration > TimeSpan.Zero);
        var claude = spans.Single(s => s.DisplayName == "invoke_agent claude");
        claude.Status.Should().Be(ActivityStatusCode.Error);
        ((string)claude.GetTagItem("error.type")!).Should().EndWith("CanceledException");
        spans.Single(s => s.DisplayName == "convergence.run").GetTagItem("error.type").Should().NotBeNull();
        Activity.Current.Should().BeNull("no span leaks into the caller");
    }
}
