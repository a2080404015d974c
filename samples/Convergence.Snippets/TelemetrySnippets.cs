using System.Globalization;
using Convergence;
using Convergence.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Snippets;

public static class TelemetrySnippets
{
    public static IConvergencePipeline Traced(IChatClient gpt, IChatClient claude, IChatClient gemini)
    {
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Convergence")               // the pipeline's spans: run, stages, participant calls
            .AddSource("Experimental.Microsoft.Extensions.AI")  // MEAI's chat spans, nested under them
            .AddConsoleExporter()
            .Build();
        using var metrics = Sdk.CreateMeterProviderBuilder()
            .AddMeter("Convergence")
            .AddConsoleExporter()
            .Build();

        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(gpt.AsBuilder().UseOpenTelemetry().Build(), o => o.Name = "gpt")
            .AddExplorer(claude.AsBuilder().UseOpenTelemetry().Build(), o => o.Name = "claude")
            .AddExplorer(gemini.AsBuilder().UseOpenTelemetry().Build(), o => o.Name = "gemini")
            .UseOpenTelemetry()
            .UseLogging()
            .Build();
        return pipeline;
    }

    public static void SensitiveData(ConvergencePipelineBuilder builder) =>
        builder.UseOpenTelemetry(sourceName: "MyApp.Convergence", o => o.EnableSensitiveData = true);

    public static IConvergencePipeline WithLogging(IChatClient gpt, IChatClient claude)
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddOpenTelemetry(o => o.AddConsoleExporter()).SetMinimumLevel(LogLevel.Information))
            .BuildServiceProvider();
        var pipeline = new ConvergencePipelineBuilder()
            .AddExplorer(gpt, o => o.Name = "gpt")
            .AddExplorer(claude, o => o.Name = "claude")
            .UseLogging()                 // resolves ILoggerFactory from the services at Build
            .Build(services);
        return pipeline;
    }

    public static void PricesAndBudget(ConvergencePipelineBuilder builder) => builder.Configure(o =>
    {
        o.CostEstimator = new PriceTable()
            .Add("openai", "gpt-4o-mini", inputPerMillionTokens: 0.15m, outputPerMillionTokens: 0.60m)
            .Add("anthropic", "claude-sonnet-4-5", 3.00m, 15.00m)
            .Add("ollama", model: null, 0m, 0m);  // every local model is free
        o.Budget.MaxTokens = 200_000;
        o.Budget.MaxCost = 0.50m;
    });

    public static void PrintUsage(ConvergenceResult result, TextWriter output)
    {
        output.WriteLine($"{"participant",-14} {"role",-9} {"provider",-10} {"calls",5} {"input",7} {"output",7} {"cost",10}");
        foreach (var p in result.Participants)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Name,-14} {p.Role,-9} {p.Provider,-10} {p.Calls + p.ReplayedCalls,5} {p.Usage.InputTokens,7} {p.Usage.OutputTokens,7} {p.Cost,10:0.000000}"));
        }

        foreach (var (provider, usage) in result.UsageByProvider)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"",-14} {"",-9} {provider,-10} {usage.Calls,5} {usage.Usage.InputTokens,7} {usage.Usage.OutputTokens,7} {usage.Cost,10:0.000000}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"total",-14} {"",-9} {"",-10} {"",5} {result.Usage.InputTokens,7} {result.Usage.OutputTokens,7} {result.Cost,10:0.000000}"));
    }

    public sealed class SlowCallObserver(TimeSpan threshold, Action<string> report) : ConvergenceObserver
    {
        public override void OnParticipantCallCompleted(ParticipantCall participantCall)
        {
            if (participantCall.Duration > threshold)
            {
                report($"{participantCall.Participant.Name} took {participantCall.Duration} ({participantCall.Usage.TotalTokens} tokens)");
            }
        }
    }

    public static void CustomObserver(ConvergencePipelineBuilder builder) =>
        builder.UseObserver(_ => new SlowCallObserver(TimeSpan.FromSeconds(30), Console.Error.WriteLine));

    /// <summary>The offline demo panel (recorded replies) with tracing to the console and the usage table: the output shown in docs/telemetry.md.</summary>
    public static async Task<ConvergenceResult> DemoAsync(string replayJson, string task, string? context, TextWriter output)
    {
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Convergence")
            .AddSource("Experimental.Microsoft.Extensions.AI")
            .AddConsoleExporter()
            .Build();

        var replay = ReplayFile.Parse(replayJson);
        var builder = new ConvergencePipelineBuilder();
        foreach (var recording in replay.Recordings!)
        {
            builder.AddExplorer(replay.CreateClient(recording.Participant!).AsBuilder().UseOpenTelemetry().Build(), o => o.Name = recording.Participant);
        }

        var prices = new PriceTable()
            .Add("openai", null, 0.15m, 0.60m)
            .Add("anthropic", null, 3m, 15m)
            .Add("google", null, 0.30m, 2.50m)
            .Add("ollama", null, 0m, 0m);
        var result = await builder
            .Configure(o => o.CostEstimator = prices)
            .UseOpenTelemetry()
            .Build()
            .RunAsync(new ConvergenceRequest(task) { Context = context });
        PrintUsage(result, output);
        return result;
    }
}
