using Convergence.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace Convergence.Tests.Resilience;

public sealed class MalformedReplyTests
{
    private static readonly ConvergenceRequest Request = new("Review the retry loop.");

    [Fact]
    public async Task RunAsync_UnparsableThenValidReply_RepairRequestQuotesTheParseError()
    {
        var client = Scripted.Replying("openai", "I found a bug in the retry loop.", Scripted.FindingJson("A"));
        var pipeline = new ConvergencePipelineBuilder().AddExplorer(client, o => o.Name = "gpt").Build();

        var result = await pipeline.RunAsync(Request);

        result.Status.Should().Be(RunStatus.Completed);
        result.Participants[0].Calls.Should().Be(2);
        var repair = client.Requests[1].Messages;
        repair[^2].Role.Should().Be(ChatRole.Assistant);
        repair[^2].Text.Should().Be("I found a bug in the retry loop.");
        repair[^1].Text.Should().Contain("the reply contains no JSON object");
    }

    [Fact]
    public async Task RunAsync_RepairDisabled_FailsAtOnceWithTheRawReplyCapped()
    {
        var client = Scripted.Replying("openai", new string('x', 100));
        var pipeline = new ConvergencePipelineBuilder()
            .Configure(o => (o.Explore.RepairAttempts, o.Explore.MaxRawReplyLength) = (0, 10))
            .AddExplorer(client, o => o.Name = "gpt").Build();

        var result = await pipeline.RunAsync(Request);

        client.CallCount.Should().Be(1);
        var report = result.Participants[0];
        report.ErrorKind.Should().Be(ParticipantErrorKind.InvalidReply);
        report.RawReply.Should().Be("xxxxxxxxxx…[90 more characters]");
        result.Status.Should().Be(RunStatus.Failed);
    }

    [Fact]
    public async Task RunAsync_EmptyReply_IsAFailureNotZeroFindings()
    {
        var client = Scripted.Replying("openai", "   ");
        var pipeline = new ConvergencePipelineBuilder().AddExplorer(client, o => o.Name = "gpt").Build();

        var result = await pipeline.RunAsync(Request);

        result.Participants[0].ErrorKind.Should().Be(ParticipantErrorKind.EmptyReply);
        client.CallCount.Should().Be(1, "an empty reply is not repaired");
        result.Status.Should().Be(RunStatus.Failed);
    }

    [Fact]
    public async Task RunAsync_OversizedReply_IsCappedWithAWarning()
    {
        var client = Scripted.Replying("openai", """{"findings":[{"title":"A","detail":"B"}]}""" + new string(' ', 10_000) + "tail");
        var pipeline = new ConvergencePipelineBuilder().Configure(o => o.Explore.MaxReplyLength = 100).AddExplorer(client, o => o.Name = "gpt").Build();

        var result = await pipeline.RunAsync(Request);

        result.Findings.Should().ContainSingle(f => f.Title == "A");
        result.Warnings.Should().Contain("Explorer 'gpt' replied with 10045 characters; only the first 100 were read.");
    }
}
