namespace Convergence;

/// <summary>How explorers are asked for their findings.</summary>
public enum FindingsResponseFormat
{
    /// <summary>The JSON schema response format (structured output), with the format also described in the prompt.</summary>
    JsonSchema,

    /// <summary>The JSON response format without a schema, with the format described in the prompt.</summary>
    Json,

    /// <summary>The format described in the prompt only; for clients that reject response formats.</summary>
    Prompt,
}
