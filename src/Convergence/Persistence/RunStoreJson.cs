using System.Text.Json;
using System.Text.Json.Serialization;

namespace Convergence;

/// <summary>The source-generated JSON of the run store's records (camelCase, string enums; no reflection).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(ParticipantCallRecord))]
internal sealed partial class RunStoreJson : JsonSerializerContext;
