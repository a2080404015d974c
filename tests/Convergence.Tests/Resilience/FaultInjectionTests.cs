using Convergence.Testing;
using Convergence.Tests.TestDoubles;
using Xunit.Abstractions;

namespace Convergence.Tests.Resilience;

/// <summary>
/// The fault matrix: {exception, 429, 500, timeout, hang, garbage JSON, truncated JSON, empty reply} × {one explorer, all but one, all},
/// injected with Polly chaos strategies (fixed seeds) in front of scripted explorers from four providers, with an explorer quorum of 2.
/// </summary>
public sealed class FaultInjectionTests(ITestOutputHelper output)
{
    private const int Explorers = 4;
    private const int Quorum = 2;
    private const int Retries = 2;

    public static TheoryData<FaultKind, FaultScope> Matrix()
    {
        var data = new TheoryData<FaultKind, FaultScope>();
        foreach (var fault in Enum.GetValues<FaultKind>())
        {
            foreach (var scope in Enum.GetValues<FaultScope>())
            {
                data.Add(fault, scope);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task RunAsync_InjectedFault_KeepsHealthyFindingsReportsKindAndStatus(FaultKind fault, FaultScope scope)
    {
        var faulty = scope switch { FaultScope.OneExplorer => 1, FaultScope.AllButOne => Explorers - 1, _ => Explorers };
        var clients = new ScriptedChatClient[Explorers];
        var builder = new ConvergencePipelineBuilder().Configure(options =>
        {
            options.ExplorerQuorum = Quorum;
            options.Resilience.Timeout = TimeSpan.FromMilliseconds(150);
            options.Resilience.MaxRetryAttempts = Retries;
            options.Resilience.RetryDelay = TimeSpan.FromMilliseconds(1);
            options.Resilience.MaxRetryDelay = TimeSpan.FromMilliseconds(5);
        });
        for (var i = 0; i < Explorers; i++)
        {
            clients[i] = Scripted.Finding($"provider{i}", $"Finding of provider{i}");
            var client = i < faulty ? Faults.Inject(clients[i], fault, seed: 1000 + i) : clients[i];
            _ = builder.AddExplorer(client, o => (o.Name, o.Provider) = ($"explorer{i}", $"provider{i}"));
        }

        var result = await builder.Build().RunAsync(new ConvergenceRequest("Review the retry loop."));

        var healthy = Enumerable.Range(faulty, Explorers - faulty).ToArray();
        var lost = healthy.Count(i => !result.Findings.Any(f => f.Title == $"Finding of provider{i}" && f.Source.Provider == $"provider{i}"));
        lost.Should().Be(0, "every healthy explorer's findings must be in the result");
        result.Findings.Should().HaveCount(healthy.Length, "a faulty explorer contributes no findings");
        for (var i = 0; i < faulty; i++)
        {
            var report = result.Participants.Single(p => p.Name == $"explorer{i}");
            report.Status.Should().Be(ParticipantStatus.Failed);
            report.ErrorKind.Should().Be(Faults.ExpectedKind(fault));
            report.Calls.Should().Be(Faults.ExpectedCalls(fault, Retries));
            result.Warnings.Should().Contain(w => w.Contains($"'explorer{i}' failed ({Faults.ExpectedKind(fault)})", StringComparison.Ordinal));
        }

        foreach (var i in healthy)
        {
            result.Participants.Single(p => p.Name == $"explorer{i}").Status.Should().Be(ParticipantStatus.Succeeded);
        }

        var expectedStatus = Explorers - faulty >= Quorum ? RunStatus.Partial : RunStatus.Failed;
        result.Status.Should().Be(expectedStatus);
        if (expectedStatus == RunStatus.Failed)
        {
            result.Warnings.Should().Contain(w => w.Contains("the quorum is 2", StringComparison.Ordinal));
        }

        output.WriteLine($"FAULT {fault} | {scope} | runs=1 | lost={lost} | status={result.Status} | kind={Faults.ExpectedKind(fault)}");
    }

    [Fact]
    public async Task RunAsync_IntermittentRateLimitsWithFixedSeed_RetriesRecoverEveryExplorer()
    {
        var clients = new ScriptedChatClient[Explorers];
        var builder = new ConvergencePipelineBuilder().Configure(options =>
        {
            options.Resilience.MaxRetryAttempts = 6;
            options.Resilience.RetryDelay = TimeSpan.FromMilliseconds(1);
            options.Resilience.MaxRetryDelay = TimeSpan.FromMilliseconds(2);
            options.Resilience.CircuitBreakerEnabled = false;
        });
        for (var i = 0; i < Explorers; i++)
        {
            clients[i] = Scripted.Finding($"provider{i}", $"Finding of provider{i}");
            _ = builder.AddExplorer(Faults.Inject(clients[i], FaultKind.Status429, seed: 42 + i, injectionRate: 0.5), o => o.Name = $"explorer{i}");
        }

        var result = await builder.Build().RunAsync(new ConvergenceRequest("Review the retry loop."));

        result.Status.Should().Be(RunStatus.Completed);
        result.Findings.Should().HaveCount(Explorers);
        result.Participants.Sum(p => p.Calls).Should().BeGreaterThan(Explorers, "the seeded chaos rejected some attempts, which were retried");
        clients.Should().OnlyContain(c => c.CallCount == 1, "a rejected attempt never reached the client");
    }
}
