using System.Text.RegularExpressions;

namespace Convergence;

/// <summary>Removes secrets from text the library keeps or shows: error messages, raw replies, warnings and log messages.</summary>
/// <remarks>It removes the configured secrets (for example each provider's API key) and anything shaped like a credential.</remarks>
internal sealed partial class SecretRedactor
{
    internal const string Mask = "[redacted]";
    private const int MinSecretLength = 4;

    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string> secrets)
    {
        // Longest first, so a secret that contains another is removed whole.
        _secrets = [.. secrets.Where(static s => !string.IsNullOrEmpty(s) && s.Length >= MinSecretLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(static s => s.Length)];
    }

    public static SecretRedactor Default { get; } = new([]);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = KeyPrefixes().Replace(text, Mask);
        text = BearerTokens().Replace(text, "Bearer " + Mask);
        return KeyAssignments().Replace(text, m => string.Concat(m.Groups["name"].Value, m.Groups["sep"].Value, Mask));
    }

    // OpenAI / Anthropic / Groq / xAI style keys, Google API keys, GitHub tokens.
    [GeneratedRegex(@"\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_\-]{12,}|AIza[0-9A-Za-z_\-]{20,}|gsk_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|gh[pousr]_[A-Za-z0-9]{20,})", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPrefixes();

    [GeneratedRegex(@"(?i)\bbearer\s+[A-Za-z0-9._~+/=\-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex BearerTokens();

    [GeneratedRegex(@"(?i)(?<name>\b(?:api[_-]?key|x-api-key|access[_-]?token|secret|password|key))(?<sep>\s*[=:]\s*""?)[^\s&""',;]{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex KeyAssignments();
}
