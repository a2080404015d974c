namespace Convergence.Tests.Stages;

public class ExplorerReplyParserTests
{
    [Fact]
    public void TryParse_PlainJson_ReadsEveryFinding()
    {
        var ok = ExplorerReplyParser.TryParse(
            """{"findings": [{"title": "SQL injection", "detail": "query built by concatenation", "confidence": 0.9}, {"title": "No timeout", "detail": "HttpClient has none"}]}""",
            out var findings, out var error);

        ok.Should().BeTrue();
        error.Should().BeNull();
        findings.Should().Equal(
            new ParsedFinding("SQL injection", "query built by concatenation", 0.9),
            new ParsedFinding("No timeout", "HttpClient has none", null));
    }

    [Fact]
    public void TryParse_FencedJsonAfterProse_ReadsTheFencedBlock()
    {
        const string reply = """
            Here is my review. I looked at {every} line.

            ```json
            {"findings": [{"title": "Race on counter", "detail": "not atomic"}]}
            ```
            Let me know if you need more.
            """;

        ExplorerReplyParser.TryParse(reply, out var findings, out _).Should().BeTrue();
        findings.Should().ContainSingle().Which.Title.Should().Be("Race on counter");
    }

    [Fact]
    public void TryParse_JsonSurroundedByProseWithoutFence_ReadsIt()
    {
        const string reply = """Sure! {"findings": [{"title": "Leak", "detail": "stream not disposed"}]} Hope that helps {:}""";

        ExplorerReplyParser.TryParse(reply, out var findings, out _).Should().BeTrue();
        findings.Should().ContainSingle().Which.Detail.Should().Be("stream not disposed");
    }

    [Fact]
    public void TryParse_FindingsNestedInAnotherObject_FindsTheInnerObject()
    {
        ExplorerReplyParser.TryParse("""{"result": {"findings": [{"title": "A", "detail": "b"}]}}""", out var findings, out _)
            .Should().BeTrue();
        findings.Should().ContainSingle().Which.Title.Should().Be("A");
    }

    [Fact]
    public void TryParse_EmptyFindingsArray_IsAValidReplyWithNoFindings()
    {
        ExplorerReplyParser.TryParse("""{"findings": []}""", out var findings, out var error).Should().BeTrue();
        findings.Should().BeEmpty();
        error.Should().BeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void TryParse_EmptyReply_FailsWithReason(string reply)
    {
        ExplorerReplyParser.TryParse(reply, out _, out var error).Should().BeFalse();
        error.Should().Be("the reply is empty");
    }

    [Fact]
    public void TryParse_ProseOnly_FailsSayingThereIsNoJson()
    {
        ExplorerReplyParser.TryParse("I think the code is fine, no issues.", out _, out var error).Should().BeFalse();
        error.Should().Contain("no JSON");
    }

    [Fact]
    public void TryParse_JsonWithoutFindings_FailsSayingSo()
    {
        ExplorerReplyParser.TryParse("""{"verdict": "approve"}""", out _, out var error).Should().BeFalse();
        error.Should().Contain("\"findings\"");
    }

    [Fact]
    public void TryParse_TruncatedJson_Fails()
    {
        ExplorerReplyParser.TryParse("""{"findings": [{"title": "A", "detail": "cut off here""", out _, out var error).Should().BeFalse();
        error.Should().NotBeNull();
    }

    [Fact]
    public void TryParse_TolerantFieldsAndConfidenceScales_Normalises()
    {
        const string reply = """
            {"Findings": [
              {"name": "Percent", "description": "on a 0-100 scale", "confidence": 85},
              {"title": "Text number", "detail": "as a string", "confidence": "0.4"},
              {"title": "Negative", "detail": "ignored", "confidence": -1},
              {"detail": "a finding with no title takes its title from the detail"},
              {"title": "", "detail": ""},
              "not an object",
            ]}
            """;

        ExplorerReplyParser.TryParse(reply, out var findings, out _).Should().BeTrue();
        findings.Should().HaveCount(4);
        findings[0].Should().Be(new ParsedFinding("Percent", "on a 0-100 scale", 0.85));
        findings[1].Confidence.Should().Be(0.4);
        findings[2].Confidence.Should().BeNull();
        findings[3].Title.Should().Be("a finding with no title takes its title from the detail");
    }

    [Fact]
    public void TryParse_BareArrayOfFindings_IsAccepted()
    {
        ExplorerReplyParser.TryParse("""[{"title": "A", "detail": "x"}]""", out var findings, out _).Should().BeTrue();
        findings.Should().ContainSingle();
    }
}
