using System.Diagnostics;

namespace Convergence.Tests.Persistence;

/// <summary>A real child process runs a pipeline with a file store, is killed with SIGKILL mid-run, and a second process resumes the run.</summary>
public sealed class KillAndResumeTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "convergence-kill-" + Guid.NewGuid().ToString("N"));

    public KillAndResumeTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ResumeAsync_AfterSigkillMidRun_LosesNothingAndRepeatsNoCompletedCall()
    {
        var store = Path.Combine(_root, "store");
        var callLog = Path.Combine(_root, "calls.log");
        using var patience = new CancellationTokenSource(Patience);

        // 1. Run until two of the three explorers' calls are checkpointed and the third is in flight (it hangs), then SIGKILL the process.
        using (var run = StartHost("run", store, "killed-run", callLog))
        {
            var (saved, waiting) = (0, false);
            while (saved < 2 || !waiting)
            {
                var line = await run.StandardOutput.ReadLineAsync(patience.Token)
                    ?? throw new InvalidOperationException("The host exited before checkpointing: " + await run.StandardError.ReadToEndAsync());
                saved += line.StartsWith("saved ", StringComparison.Ordinal) ? 1 : 0;
                waiting |= line == "waiting gemini";
            }

            run.Kill(); // SIGKILL on Unix: no finally blocks, no flush, no goodbye.
            await run.WaitForExitAsync(patience.Token);
        }

        var stored = await new FileRunStore(store).GetRunAsync("killed-run");
        stored!.State.Should().Be(RunState.Running, "the process died before it could say anything else");

        // 2. Resume in a new process: the two completed calls come from the store; only the hung explorer is called again.
        using var resume = StartHost("resume", store, "killed-run", callLog);
        var output = await resume.StandardOutput.ReadToEndAsync(patience.Token);
        await resume.WaitForExitAsync(patience.Token);

        resume.ExitCode.Should().Be(0, await resume.StandardError.ReadToEndAsync());
        output.Should().Contain("status=completed").And.Contain("findings=gpt finding,claude finding,gemini finding").And.Contain("replayed=2");
        var calls = (await File.ReadAllLinesAsync(callLog)).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        calls.Should().BeEquivalentTo(new Dictionary<string, int> { ["gpt"] = 1, ["claude"] = 1, ["gemini"] = 2 });
    }

    private static Process StartHost(string mode, string store, string runId, string callLog)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "Convergence.ResumeHost.dll");
        File.Exists(host).Should().BeTrue($"the host is built beside the tests ({host})");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { host, mode, store, runId, callLog })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }
}
