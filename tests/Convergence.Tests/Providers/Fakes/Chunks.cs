namespace Convergence.Tests.Providers.Fakes;

internal static class Chunks
{
    /// <summary>Splits a reply into a few pieces, so streamed replies really arrive in parts.</summary>
    public static IEnumerable<string> Split(string text, int parts = 3)
    {
        var size = Math.Max(1, (text.Length + parts - 1) / parts);
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }
}
