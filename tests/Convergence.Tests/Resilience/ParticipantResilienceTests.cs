using System.Net;
using Convergence.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Polly.CircuitBreaker;

namespace Convergence.Tests.Resilience;

public sealed class ParticipantResilienceTests
{
    private static readonly ConvergenceRequest Request = new("Review the retry loop.");

    private static Action<ConvergencePipelineOptions> FastRetries(int attempts = 2) => options =>
    {
        options.Resilience.MaxRetryAttempts = attempts;
        options.Resilience.RetryDelay = TimeSpan.FromMilliseconds(1);
        options.Resilience.MaxRetryDelay = TimeSpan.FromMilliseconds(2);
    };

    private static Exception ServerError() => new HttpRequestException("Internal Server Error", null, HttpStatusCode.InternalServerError);

    [Fact]
    public async Task RunAsync_TransientFailureThenSuccess_RetriesAndSucceeds()
    {
        var flaky = Scripted.With("openai", (n, _, _) => n < 3
            ? Task.FromException<ChatResponse>(new HttpRequestException("Service Unavailable", null, HttpStatusCode.ServiceUnavailable))
            : Task.FromResult(Scripted.Reply(Scripted.FindingJson("A"))));
        var pipeline = new ConvergencePipelineBuilder().Configure(FastRetries()).AddExplorer(flaky, o => o.Name = "gpt").Build();

        var result = await pipeline.RunAsync(Request);

        result.Status.Should().Be(RunStatus.Completed);
        result.Participants.Single().Calls.Should().Be(3);
        flaky.CallCount.Should().Be(3);
    }

    [Fact]
    public async Task RunAsync_NonTransientException_IsNotRetried()
    {
        var broken = Scripted.Throwing("openai", () => new HttpRequestException("Bad Request", null, HttpStatusCode.BadRequest));
        var pipeline = new ConvergencePipelineBuilder().Configure(FastRetries())
            .AddExplorer(broken, o => o.Name = "gpt").AddExplorer(Scripted.Finding("anthropic", "A"), o => o.Name = "claude").Build();

        var result = await pipeline.RunAsync(Request);

        broken.CallCount.Should().Be(1);
        result.Participants[0].ErrorKind.Should().Be(ParticipantErrorKind.Exception);
        result.Status.Should().Be(RunStatus.Partial);
    }

    [Fact]
    public async Task RunAsync_ParticipantOverride_WinsOverRoleOverride()
    {
        var a = Scripted.Throwing("openai", ServerError);
        var b = Scripted.Throwing("anthropic", ServerError);
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(FastRetries(attempts: 1))
            .Configure(o =>
            {
                o.Resilience.CircuitBreakerEnabled = false;
                o.Resilience.Roles["explorer"] = new ParticipantResilienceOptions { MaxRetryAttempts = 3 };
                o.Resilience.Participants["a"] = new ParticipantResilienceOptions { MaxRetryAttempts = 0 };
            })
            .AddExplorer(a, o => o.Name = "a").AddExplorer(b, o => o.Name = "b").Build();

        _ = await pipeline.RunAsync(Request);

        a.CallCount.Should().Be(1);
        b.CallCount.Should().Be(4);
    }

    [Fact]
    public async Task RunAsync_ProviderKeepsFailing_CircuitOpensAcrossRunsOfOnePipeline()
    {
        var failing = Scripted.Throwing("openai", ServerError);
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o =>
            {
                o.Resilience.MaxRetryAttempts = 0;
                o.Resilience.CircuitBreakerMinimumThroughput = 2;
                o.Resilience.CircuitBreakerFailureRatio = 0.5;
            })
            .AddExplorer(failing, o => o.Name = "gpt").AddExplorer(Scripted.Finding("anthropic", "A"), o => o.Name = "claude").Build();

        var first = await pipeline.RunAsync(Request);
        var second = await pipeline.RunAsync(Request);
        var third = await pipeline.RunAsync(Request);

        first.Participants[0].ErrorKind.Should().Be(ParticipantErrorKind.ServerError);
        second.Participants[0].ErrorKind.Should().Be(ParticipantErrorKind.ServerError);
        third.Participants[0].ErrorKind.Should().Be(ParticipantErrorKind.CircuitOpen);
        failing.CallCount.Should().Be(2, "the open circuit spares the provider");
        third.Findings.Should().ContainSingle(f => f.Title == "A");
    }

    [Fact]
    public async Task RunAsync_CircuitOfOneProvider_IsSharedByItsParticipants()
    {
        var first = Scripted.Throwing("openai", ServerError);
        var second = Scripted.Throwing("openai", ServerError);
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o =>
            {
                o.Resilience.MaxRetryAttempts = 0;
                o.Resilience.CircuitBreakerMinimumThroughput = 2;
            })
            .AddExplorer(first, o => o.Name = "gpt-1").AddExplorer(second, o => o.Name = "gpt-2")
            .AddExplorer(Scripted.Finding("anthropic", "A"), o => o.Name = "claude")
            .Build();

        _ = await pipeline.RunAsync(Request);
        var again = await pipeline.RunAsync(Request);

        // Neither participant alone reached the minimum throughput of 2: their failures counted on the provider's one breaker.
        first.CallCount.Should().Be(1);
        second.CallCount.Should().Be(1);
        again.Participants.Where(p => p.Provider == "openai").Should().OnlyContain(p => p.ErrorKind == ParticipantErrorKind.CircuitOpen);
        again.Participants.Single(p => p.Name == "claude").Status.Should().Be(ParticipantStatus.Succeeded);
    }

    [Fact]
    public async Task RunAsync_FailoverToBackup_RecordsAndCountsTheProviderThatAnswered()
    {
        var primary = Scripted.Throwing("openai", ServerError);
        var backup = Scripted.Finding("anthropic", "Unbounded retry");
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(FastRetries(attempts: 0))
            .AddExplorer(primary, o =>
            {
                o.Name = "gpt";
                o.Model = "gpt-4o-mini";
                o.Fallbacks.Add(new ParticipantFallback(backup, "anthropic", "claude-haiku"));
            })
            .AddExplorer(Scripted.Finding("anthropic", "Unbounded retry"), o => o.Name = "claude")
            .Build();

        var result = await pipeline.RunAsync(Request);

        var gpt = result.Participants.Single(p => p.Name == "gpt");
        gpt.Status.Should().Be(ParticipantStatus.Succeeded);
        gpt.Provider.Should().Be("anthropic");
        gpt.Model.Should().Be("claude-haiku");
        gpt.PlannedProvider.Should().Be("openai");
        gpt.Calls.Should().Be(2, "one failed call to the planned provider, one to the backup");
        result.Findings.Should().OnlyContain(f => f.Source.Provider == "anthropic");
        result.Candidates.Should().ContainSingle().Which.DistinctProviders.Should().Be(1, "both answers came from one provider: one voice");
    }

    [Fact]
    public void TransientErrors_StatusCodes_AreClassified()
    {
        TransientErrors.IsTransient(new HttpRequestException("x", null, HttpStatusCode.TooManyRequests)).Should().BeTrue();
        TransientErrors.IsTransient(new HttpRequestException("x", null, HttpStatusCode.BadGateway)).Should().BeTrue();
        TransientErrors.IsTransient(new HttpRequestException("x", null, HttpStatusCode.Unauthorized)).Should().BeFalse();
        TransientErrors.IsTransient(new HttpRequestException("network down")).Should().BeTrue();
        TransientErrors.IsTransient(new InvalidOperationException("bug")).Should().BeFalse();
        TransientErrors.IsTransient(new BrokenCircuitException()).Should().BeFalse();
    }

    [Fact]
    public void TransientErrors_SdkExceptionWithStatusProperty_IsReadThroughInnerExceptions()
    {
        var sdk = new InvalidOperationException("wrapper", new SdkException(429));

        TransientErrors.TryGetStatusCode(sdk, out var status).Should().BeTrue();
        status.Should().Be(429);
        TransientErrors.IsTransient(sdk).Should().BeTrue();
        TransientErrors.IsTransient(new SdkException(404)).Should().BeFalse();
    }

    [Fact]
    public void Build_InvalidResilienceOption_ThrowsNamingIt()
    {
        var builder = new ConvergencePipelineBuilder().AddExplorer(Scripted.Finding("openai", "A"))
            .Configure(o => o.Resilience.Participants["gpt"] = new ParticipantResilienceOptions { MaxRetryAttempts = -1 });

        var act = () => builder.Build();

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Resilience.Participants[gpt].MaxRetryAttempts");
    }

    /// <summary>Shaped like System.ClientModel.ClientResultException: the status is a public int property.</summary>
    private sealed class SdkException(int status) : Exception($"Service request failed. Status: {status}")
    {
        public int Status { get; } = status;
    }
}
