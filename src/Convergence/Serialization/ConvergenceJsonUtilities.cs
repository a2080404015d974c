using System.Text.Json;
using System.Text.Json.Serialization;

namespace Convergence;

/// <summary>JSON settings for Convergence's types: the result contract (camelCase, string enums), source-generated.</summary>
public static partial class ConvergenceJsonUtilities
{
    /// <summary>Gets the read-only serializer options for <see cref="ConvergenceResult"/> and the types it holds.</summary>
    /// <remarks>Backed by source generation only.</remarks>
    public static JsonSerializerOptions DefaultOptions { get; } = CreateDefaultOptions();

    /// <summary>Serializes a result to the result JSON contract.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The JSON text, indented.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    public static string Serialize(ConvergenceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, JsonContext.Default.ConvergenceResult);
    }

    /// <summary>Reads a result from the result JSON contract.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="json"/> is null or white space.</exception>
    /// <exception cref="JsonException">The text is not a result.</exception>
    public static ConvergenceResult Deserialize(string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        return JsonSerializer.Deserialize(json, JsonContext.Default.ConvergenceResult)
            ?? throw new JsonException("The JSON text is null, not a result.");
    }

    private static JsonSerializerOptions CreateDefaultOptions()
    {
        // Every type of the contract is source-generated, so no reflection resolver is needed (trimming- and AOT-safe).
        var options = new JsonSerializerOptions(JsonContext.Default.Options);
        options.MakeReadOnly();
        return options;
    }

    [JsonSourceGenerationOptions(
        JsonSerializerDefaults.Web,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        UseStringEnumConverter = true)]
    [JsonSerializable(typeof(ConvergenceResult))]
    [JsonSerializable(typeof(Candidate))]
    [JsonSerializable(typeof(Finding))]
    [JsonSerializable(typeof(ParticipantReport))]
    [JsonSerializable(typeof(ParticipantIdentity))]
    [JsonSerializable(typeof(TokenUsage))]
    [JsonSerializable(typeof(BuildOutcome))]
    [JsonSerializable(typeof(BuildAttempt))]
    [JsonSerializable(typeof(VerificationResult))]
    [JsonSerializable(typeof(AuditReview))]
    [JsonSerializable(typeof(AuditDecision))]
    [JsonSerializable(typeof(ConvergenceFunnel))]
    private sealed partial class JsonContext : JsonSerializerContext;
}
