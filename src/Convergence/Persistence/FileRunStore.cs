using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Convergence;

/// <summary>The default <see cref="IRunStore"/>: one directory per run, one JSON file per record, each written atomically (write, flush to disk, rename).</summary>
/// <remarks>
/// <para>Layout: <c>ROOT/RUN_ID/run.json</c> and <c>ROOT/RUN_ID/calls/KEY_HASH.json</c>, one file per completed participant call.</para>
/// <para>
/// A record is written to a temporary file that is flushed to disk and then renamed over the final name, so a process killed in the middle
/// of a write leaves the previous record (or none), never half of one; records are never rewritten in place or deleted. A file that is
/// corrupt anyway (edited by hand, a failing disk) gives an <see cref="InvalidDataException"/> naming it, and the other files are untouched.
/// </para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class FileRunStore : IRunStore
{
    private const string RunFileName = "run.json";
    private const string CallsDirectoryName = "calls";

    /// <summary>Initializes a new instance of the <see cref="FileRunStore"/> class.</summary>
    /// <param name="directory">The root directory; created when the first run is saved.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or white space.</exception>
    public FileRunStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>Gets the full path of the root directory.</summary>
    public string Directory { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The run identifier is not a safe file name.</exception>
    public Task SaveRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var path = Path.Combine(RunDirectory(run.RunId), RunFileName);
        return WriteAtomicallyAsync(path, JsonSerializer.SerializeToUtf8Bytes(run, RunStoreJson.Default.RunRecord), cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The run identifier is not a safe file name.</exception>
    /// <exception cref="InvalidDataException">The run's file is corrupt (the message names it).</exception>
    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(RunDirectory(runId), RunFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        return await ReadAsync(path, RunStoreJson.Default.RunRecord, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The run identifier is not a safe file name.</exception>
    public Task SaveCallAsync(string runId, ParticipantCallRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(record.Key)))[..24] + ".json";
        var path = Path.Combine(RunDirectory(runId), CallsDirectoryName, name);
        return WriteAtomicallyAsync(path, JsonSerializer.SerializeToUtf8Bytes(record, RunStoreJson.Default.ParticipantCallRecord), cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The run identifier is not a safe file name.</exception>
    /// <exception cref="InvalidDataException">A call's file is corrupt (the message names it; the other files are untouched).</exception>
    public async Task<IReadOnlyList<ParticipantCallRecord>> GetCallsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var directory = Path.Combine(RunDirectory(runId), CallsDirectoryName);
        if (!System.IO.Directory.Exists(directory))
        {
            return [];
        }

        var files = System.IO.Directory.GetFiles(directory, "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        var calls = new List<ParticipantCallRecord>(files.Length);
        foreach (var file in files)
        {
            calls.Add(await ReadAsync(file, RunStoreJson.Default.ParticipantCallRecord, cancellationToken));
        }

        return calls;
    }

    private string RunDirectory(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (runId[0] == '.' || runId.Length > 128 || !runId.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException(
                $"The run identifier '{runId}' cannot name a directory: use ASCII letters, digits, '-', '_' and '.', not starting with '.'.", nameof(runId));
        }

        return Path.Combine(Directory, runId);
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        _ = System.IO.Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream)
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static async Task<T> ReadAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo)
                ?? throw new JsonException("The file holds JSON null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException(
                $"The run store file '{path}' is corrupt or incomplete ({ex.Message}). The other records are intact; " +
                "fix or delete this file to resume the run (a deleted call record is made again).",
                ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray temporary file is ignored by readers (they read *.json only, and temporaries end in .tmp).
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
