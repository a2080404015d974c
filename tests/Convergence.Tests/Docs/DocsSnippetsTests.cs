using System.Text.RegularExpressions;
using Convergence.Tests.PublicApi;

namespace Convergence.Tests.Docs;

/// <summary>Every C# block in the README and the docs appears verbatim in samples/Convergence.Snippets, which CI compiles.</summary>
public partial class DocsSnippetsTests
{
    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        data.Add("README.md");
        foreach (var page in Directory.GetFiles(Path.Combine(PublicApiTests.RepositoryRoot(), "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.Combine("docs", Path.GetFileName(page)));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void CSharpBlocks_AppearInTheCompiledSnippets(string page)
    {
        var root = PublicApiTests.RepositoryRoot();
        var snippets = string.Join("\n", Directory.GetFiles(Path.Combine(root, "samples", "Convergence.Snippets"), "*.cs").Select(f => Normalize(File.ReadAllText(f))));

        var blocks = CSharpBlock().Matches(File.ReadAllText(Path.Combine(root, page))).Select(m => m.Groups[1].Value).ToList();

        foreach (var block in blocks)
        {
            snippets.Should().Contain(Normalize(block), $"{page} shows this C# block, and it must compile: add it to samples/Convergence.Snippets");
        }
    }

    private static string Normalize(string code) =>
        string.Join("\n", code.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex(@"```csharp\r?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
