using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Convergence;

/// <summary>
/// Verifies an artifact by running a command: the artifact is written to a temporary file, the command runs (its path replaces
/// <see cref="ArtifactPlaceholder"/> in the arguments, or the artifact is written to its standard input), exit code 0 means
/// verified, and standard output and error are the feedback. <c>key=value</c> pairs on the last line of standard output are
/// read as metrics. A command that outlives <see cref="Timeout"/> is killed with its whole process tree, and the attempt fails.
/// </summary>
/// <remarks>
/// No shell is involved: the program is started with its arguments as a list, so an artifact can never inject a command.
/// Configure the properties before the first verification; concurrent verifications are safe (each gets its own temporary directory).
/// The path is also in the <c>CONVERGENCE_ARTIFACT</c> environment variable.
/// </remarks>
public sealed class CommandVerifier : IBuildVerifier
{
    /// <summary>The placeholder that is replaced, in every argument, by the path of the file holding the artifact.</summary>
    public const string ArtifactPlaceholder = "{artifact}";

    /// <summary>The environment variable that holds the path of the file holding the artifact.</summary>
    public const string ArtifactEnvironmentVariable = "CONVERGENCE_ARTIFACT";

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private TimeSpan _timeout = TimeSpan.FromMinutes(5);
    private string _artifactFileName = "artifact.txt";
    private int _maxFeedbackLength = 16_384;

    /// <summary>Initializes a new instance of the <see cref="CommandVerifier"/> class.</summary>
    /// <param name="fileName">The program to run (for example <c>bash</c> or <c>dotnet</c>).</param>
    /// <param name="arguments">Its arguments; <see cref="ArtifactPlaceholder"/> in any of them is replaced by the artifact's path.</param>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is null or white space.</exception>
    public CommandVerifier(string fileName, IEnumerable<string>? arguments = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        FileName = fileName;
        Arguments = [.. arguments ?? []];
    }

    /// <summary>Gets the program to run.</summary>
    public string FileName { get; }

    /// <summary>Gets the arguments, before <see cref="ArtifactPlaceholder"/> is replaced.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Gets or sets the working directory; <see langword="null"/> for the current directory.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets or sets how long the command may run before it is killed with its process tree. The default is 5 minutes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan Timeout
    {
        get => _timeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _timeout = value;
        }
    }

    /// <summary>Gets or sets a value indicating whether the artifact is also written to the command's standard input (otherwise standard input is empty).</summary>
    public bool ArtifactOnStandardInput { get; set; }

    /// <summary>Gets or sets the name of the temporary file that holds the artifact (its extension can matter to the command). The default is <c>artifact.txt</c>.</summary>
    /// <exception cref="ArgumentException">The value is empty or is not a plain file name.</exception>
    public string ArtifactFileName
    {
        get => _artifactFileName;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            if (!string.Equals(Path.GetFileName(value), value, StringComparison.Ordinal) || value.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                throw new ArgumentException("The artifact file name must be a plain file name, with no directory.", nameof(value));
            }

            _artifactFileName = value;
        }
    }

    /// <summary>Gets or sets a value indicating whether <c>key=value</c> pairs with numeric values on the last line of standard output are read as metrics. The default is <see langword="true"/>.</summary>
    public bool ParseMetrics { get; set; } = true;

    /// <summary>Gets or sets how many characters of output the feedback keeps (the end is kept: errors come last). The default is 16384.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxFeedbackLength
    {
        get => _maxFeedbackLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxFeedbackLength = value;
        }
    }

    /// <summary>Gets environment variables to set for the command (a <see langword="null"/> value removes a variable).</summary>
    public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>Creates a verifier from a command line such as <c>bash verify.sh {artifact}</c> (the shape of the CLI's <c>Build.VerifyCommand</c>).</summary>
    /// <param name="commandLine">The program and its arguments, separated by white space; single or double quotes group an argument, and a backslash escapes the next character outside single quotes.</param>
    /// <returns>The verifier.</returns>
    /// <exception cref="ArgumentException"><paramref name="commandLine"/> is empty, or has an unterminated quote.</exception>
    public static CommandVerifier Parse(string commandLine)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandLine);
        var tokens = SplitCommandLine(commandLine);
        return new CommandVerifier(tokens[0], tokens.Skip(1));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="artifact"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The command could not be started.</exception>
    public async Task<VerificationResult> VerifyAsync(BuildArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var directory = Directory.CreateTempSubdirectory("convergence-verify-");
        try
        {
            var path = Path.Combine(directory.FullName, ArtifactFileName);
            await File.WriteAllTextAsync(path, artifact.Content, Utf8NoBom, cancellationToken);
            return await RunAsync(artifact, path, cancellationToken);
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A process that escaped the kill may still hold the file; the temporary directory is left behind.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }

    private async Task<VerificationResult> RunAsync(BuildArtifact artifact, string path, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            StandardOutputEncoding = Utf8NoBom,
            StandardErrorEncoding = Utf8NoBom,
            WorkingDirectory = WorkingDirectory ?? string.Empty,
        };

        foreach (var argument in Arguments)
        {
            startInfo.ArgumentList.Add(argument.Replace(ArtifactPlaceholder, path, StringComparison.Ordinal));
        }

        startInfo.Environment[ArtifactEnvironmentVariable] = path;
        foreach (var (name, value) in Environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            _ = process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"The verify command '{FileName}' could not be started: {ex.Message}", ex);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            await WriteInputAsync(process, ArtifactOnStandardInput ? artifact.Content : null, deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            await Task.WhenAll(stdout, stderr).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            var partial = await DrainAsync(stdout, stderr);
            cancellationToken.ThrowIfCancellationRequested();
            var reason = string.Create(CultureInfo.InvariantCulture, $"The verify command timed out after {Timeout.TotalSeconds:0.###} s and was killed with its process tree.");
            return VerificationResult.Fail(Feedback(reason, partial.Stdout, partial.Stderr));
        }

        var exitCode = process.ExitCode;
        var output = await stdout;
        var errors = await stderr;
        var metrics = ParseMetrics ? ReadMetrics(output) : new Dictionary<string, double>(StringComparer.Ordinal);
        var feedback = Feedback(string.Create(CultureInfo.InvariantCulture, $"Exit code {exitCode}."), output, errors);
        return exitCode == 0 ? VerificationResult.Pass(feedback, metrics) : VerificationResult.Fail(feedback, metrics);
    }

    /// <summary>Reads <c>key=value</c> pairs with numeric values on the last non-empty line; other tokens are ignored.</summary>
    internal static Dictionary<string, double> ReadMetrics(string output)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return metrics;
        }

        foreach (var token in lines[^1].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && double.TryParse(token.AsSpan(equals + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                metrics[token[..equals]] = value;
            }
        }

        return metrics;
    }

    internal static List<string> SplitCommandLine(string commandLine)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        char quote = '\0';
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    _ = current.Append(c);
                }
            }
            else if (c == '\\' && i + 1 < commandLine.Length)
            {
                _ = current.Append(commandLine[++i]);
                inToken = true;
            }
            else if (quote == '"')
            {
                if (c == '"')
                {
                    quote = '\0';
                }
                else
                {
                    _ = current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    _ = current.Clear();
                    inToken = false;
                }
            }
            else
            {
                _ = current.Append(c);
                inToken = true;
            }
        }

        if (quote != '\0')
        {
            throw new ArgumentException($"The command line has an unterminated {quote} quote.", nameof(commandLine));
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        return tokens.Count > 0 ? tokens : throw new ArgumentException("The command line is empty.", nameof(commandLine));
    }

    private static async Task WriteInputAsync(Process process, string? input, CancellationToken cancellationToken)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
                await process.StandardInput.FlushAsync(cancellationToken);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited (or closed its input) before reading all of it; its exit code decides.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It already exited.
        }
        catch (Win32Exception)
        {
            // It is exiting.
        }
    }

    private static async Task<(string Stdout, string Stderr)> DrainAsync(Task<string> stdout, Task<string> stderr)
    {
        try
        {
            await Task.WhenAll(stdout, stderr).WaitAsync(DrainTimeout);
            return (await stdout, await stderr);
        }
        catch (TimeoutException)
        {
            // A process that escaped the tree still holds the pipes; report what is known.
            return (stdout.IsCompletedSuccessfully ? stdout.Result : string.Empty, stderr.IsCompletedSuccessfully ? stderr.Result : string.Empty);
        }
    }

    private string Feedback(string headline, string stdout, string stderr)
    {
        var text = new StringBuilder(headline);
        if (!string.IsNullOrWhiteSpace(stdout))
        {
            _ = text.Append("\n--- stdout ---\n").Append(stdout.TrimEnd());
        }

        if (!string.IsNullOrWhiteSpace(stderr))
        {
            _ = text.Append("\n--- stderr ---\n").Append(stderr.TrimEnd());
        }

        var feedback = text.ToString();
        return feedback.Length <= MaxFeedbackLength
            ? feedback
            : string.Concat(headline, $"\n…[{feedback.Length - MaxFeedbackLength} earlier characters]\n", feedback.AsSpan(feedback.Length - MaxFeedbackLength));
    }
}
