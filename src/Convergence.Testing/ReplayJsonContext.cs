using System.Text.Json;
using System.Text.Json.Serialization;

namespace Convergence.Testing;

/// <summary>Source-generated JSON metadata for the replay file format (no reflection; trimming and AOT safe).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ReplayFile))]
internal sealed partial class ReplayJsonContext : JsonSerializerContext;
