using System.Globalization;
using Convergence;
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
        void Row(string name, string role, string provider, int calls, TokenUsage usage, decimal? cost) =>
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-15} {role,-9} {provider,-10} {calls,5} {usage.InputTokens,7} {usage.OutputTokens,7} {cost,10:0.000000}"));

        output.WriteLine($"{"participant",-15} {"role",-9} {"provider",-10} {"calls",5} {"input",7} {"output",7} {"cost",10}");
        foreach (var p in result.Participants)
        {
            Row(p.Name, p.Role.Value, p.Provider, p.Calls + p.ReplayedCalls, p.Usage, p.Cost);
        }

        foreach (var (provider, sum) in result.UsageByProvider)
        {
            Row("(by provider)", "", provider, sum.Calls, sum.Usage, sum.Cost);
        }

        foreach (var (role, sum) in result.UsageByRole)
        {
            Row("(by role)", role, "", sum.Calls, sum.Usage, sum.Cost);
        }

        Row("total", "", "", result.UsageByRole.Values.Sum(r => r.Calls), result.Usage, result.Cost);
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

    /// <summary>Runs a pipeline with tracing to the console and prices, then prints the usage table: how the demo in docs/telemetry.md was traced.</summary>
    public static async Task<ConvergenceResult> TracedRunAsync(ConvergencePipelineBuilder builder, ConvergenceRequest request, TextWriter output)
    {
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Convergence")
            .AddSource("Experimental.Microsoft.Extensions.AI")
            .AddConsoleExporter()
            .Build();

        var prices = new PriceTable()
            .Add("openai", null, 0.15m, 0.60m)
            .Add("anthropic", null, 3m, 15m)
            .Add("google", null, 0.30m, 2.50m)
            .Add("ollama", null, 0m, 0m);
        var result = await builder
            .Configure(o => o.CostEstimator = prices)
            .UseOpenTelemetry()
            .Build()
            .RunAsync(request);
        PrintUsage(result, output);
        return result;
    }
}
