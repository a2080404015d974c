using System.Diagnostics;

namespace Convergence.Tests.Build;

public class CommandVerifierTests
{
    private static BuildArtifact Artifact(string content) => new()
    {
        CandidateId = "c1",
        Content = content,
        Builder = new ParticipantIdentity("builder", "provider", "model"),
    };

    private static CommandVerifier Bash(string script) => new("bash", ["-c", script, "verify", CommandVerifier.ArtifactPlaceholder]);

    [Fact]
    public async Task VerifyAsync_CommandExitsZero_PassesWithOutputAsFeedback()
    {
        var verifier = Bash("grep -q 'answer = 42' \"$1\" && echo all tests passed");

        var result = await verifier.VerifyAsync(Artifact("answer = 42\n"));

        result.Passed.Should().BeTrue();
        result.Feedback.Should().Contain("Exit code 0.").And.Contain("all tests passed");
    }

    [Fact]
    public async Task VerifyAsync_CommandExitsNonZero_FailsWithStdoutAndStderrAsFeedback()
    {
        var verifier = Bash("echo 'ran 3 tests'; echo 'expected 42 but was 41' >&2; exit 3");

        var result = await verifier.VerifyAsync(Artifact("answer = 41\n"));

        result.Passed.Should().BeFalse();
        result.Feedback.Should().Contain("Exit code 3.").And.Contain("ran 3 tests").And.Contain("expected 42 but was 41");
    }

    [Fact]
    public async Task VerifyAsync_CommandHangs_KilledAtTimeoutWithItsProcessTree()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"convergence-child-{Guid.NewGuid():N}");
        var verifier = new CommandVerifier("bash", ["-c", "echo started; sleep 60 & echo $! > \"$1\"; wait", "verify", pidFile])
        {
            Timeout = TimeSpan.FromMilliseconds(500),
        };
        var clock = Stopwatch.StartNew();

        var result = await verifier.VerifyAsync(Artifact("x"));

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        result.Passed.Should().BeFalse();
        result.Feedback.Should().Contain("timed out after 0.5 s").And.Contain("killed");
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(pidFile);
        (await IsGoneAsync(child)).Should().BeTrue("the hung command's child process (sleep) is killed with the tree");
    }

    /// <summary>Whether the process is gone (or a zombie awaiting its reaper); polls briefly, as the kernel delivers the kill asynchronously.</summary>
    private static async Task<bool> IsGoneAsync(int pid)
    {
        for (var i = 0; i < 40; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat))
            {
                return true;
            }

            try
            {
                var text = await File.ReadAllTextAsync(stat);
                if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    [Fact]
    public async Task VerifyAsync_LastLineHasKeyValuePairs_ParsesNumericMetrics()
    {
        var verifier = Bash("echo 'running benchmark'; echo 'tests=12 ms=3.5 label=fast ratio=0.97'");

        var result = await verifier.VerifyAsync(Artifact("x"));

        result.Metrics.Should().BeEquivalentTo(new Dictionary<string, double> { ["tests"] = 12, ["ms"] = 3.5, ["ratio"] = 0.97 });
    }

    [Fact]
    public async Task VerifyAsync_ParseMetricsOff_NoMetrics()
    {
        var verifier = Bash("echo 'tests=12'");
        verifier.ParseMetrics = false;

        var result = await verifier.VerifyAsync(Artifact("x"));

        result.Metrics.Should().BeEmpty();
    }

    [Fact]
    public async Task VerifyAsync_ArtifactOnStandardInput_CommandReadsIt()
    {
        var verifier = new CommandVerifier("bash", ["-c", "read -r line; test \"$line\" = 'hello from stdin'"]) { ArtifactOnStandardInput = true };

        var result = await verifier.VerifyAsync(Artifact("hello from stdin\n"));

        result.Passed.Should().BeTrue(result.Feedback);
    }

    [Fact]
    public async Task VerifyAsync_WorkingDirectoryAndFileName_Applied()
    {
        var directory = Directory.CreateTempSubdirectory("convergence-test-");
        try
        {
            var verifier = new CommandVerifier("bash", ["-c", "test \"$(pwd -P)\" = \"$(cd \"$1\" && pwd -P)\" && case \"$CONVERGENCE_ARTIFACT\" in *.py) exit 0;; *) exit 1;; esac", "verify", directory.FullName])
            {
                WorkingDirectory = directory.FullName,
                ArtifactFileName = "solution.py",
            };

            var result = await verifier.VerifyAsync(Artifact("print(42)"));

            result.Passed.Should().BeTrue(result.Feedback);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task VerifyAsync_HostileArtifact_IsNeverExecutedAsACommand()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"convergence-injected-{Guid.NewGuid():N}");
        var verifier = CommandVerifier.Parse("cat {artifact}");

        var result = await verifier.VerifyAsync(Artifact($"$(touch {marker}); touch {marker}"));

        result.Passed.Should().BeTrue();
        File.Exists(marker).Should().BeFalse();
    }

    [Fact]
    public async Task VerifyAsync_ProgramMissing_ThrowsInvalidOperation()
    {
        var verifier = new CommandVerifier("convergence-no-such-program-xyz");

        var verify = () => verifier.VerifyAsync(Artifact("x"));

        await verify.Should().ThrowAsync<InvalidOperationException>().WithMessage("*could not be started*");
    }

    [Fact]
    public async Task VerifyAsync_Cancelled_KillsAndThrows()
    {
        var verifier = Bash("sleep 60");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var verify = () => verifier.VerifyAsync(Artifact("x"), cancellation.Token);

        await verify.Should().ThrowAsync<OperationCanceledException>();
    }

    [Theory]
    [InlineData("bash verify.sh {artifact}", new[] { "bash", "verify.sh", "{artifact}" })]
    [InlineData("dotnet test \"my tests/Tests.csproj\" --filter 'Name~A B'", new[] { "dotnet", "test", "my tests/Tests.csproj", "--filter", "Name~A B" })]
    [InlineData("python3 -c \"print(\\\"x\\\")\"", new[] { "python3", "-c", "print(\"x\")" })]
    public void Parse_CommandLine_SplitsProgramAndArguments(string commandLine, string[] expected)
    {
        var verifier = CommandVerifier.Parse(commandLine);

        new[] { verifier.FileName }.Concat(verifier.Arguments).Should().Equal(expected);
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("bash 'unterminated")]
    public void Parse_InvalidCommandLine_Throws(string commandLine)
    {
        var parse = () => CommandVerifier.Parse(commandLine);

        parse.Should().Throw<ArgumentException>();
    }
}
