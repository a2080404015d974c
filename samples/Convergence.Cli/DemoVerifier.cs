namespace Convergence.Cli;

/// <summary>
/// The demo's verifier: real checks on the artifact's text, in process, so the demo runs anywhere without a toolchain.
/// (A real project uses <see cref="CommandVerifier"/> to run its tests or a benchmark; see docs/build-and-audit.md.)
/// </summary>
internal sealed class DemoVerifier : IBuildVerifier
{
    public Task<VerificationResult> VerifyAsync(BuildArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var code = artifact.Content;
        if (string.IsNullOrWhiteSpace(code))
        {
            return Task.FromResult(VerificationResult.Fail("the artifact is empty"));
        }

        var checks = new List<string>();
        var failures = new List<string>();
        void Check(bool ok, string name, string failure)
        {
            checks.Add(name);
            if (!ok)
            {
                failures.Add(failure);
            }
        }

        // The checks that prove the candidate the artifact implements; the signature must survive every fix.
        var title = artifact.CandidateTitle;
        if (title.Contains("SQL", StringComparison.OrdinalIgnoreCase))
        {
            Check(!code.Contains("+ name +", StringComparison.Ordinal), "no-concatenation", "the query text still concatenates user input (found `+ name +`)");
            Check(code.Contains("@name", StringComparison.Ordinal), "parameterised", "the query has no @name parameter");
        }

        if (title.Contains("cache", StringComparison.OrdinalIgnoreCase))
        {
            Check(code.Contains("ConcurrentDictionary", StringComparison.Ordinal), "thread-safe-cache", "the cache is not a concurrent collection");
        }

        Check(code.Contains("FindUserAsync", StringComparison.Ordinal), "signature-kept", "FindUserAsync is missing");
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["checks"] = checks.Count,
            ["failed"] = failures.Count,
        };

        return Task.FromResult(failures.Count == 0
            ? VerificationResult.Pass($"{checks.Count} checks passed: {string.Join(", ", checks)}", metrics)
            : VerificationResult.Fail(string.Join("; ", failures), metrics));
    }
}
