namespace Convergence.Providers;

/// <summary>A model that a local Ollama server lists.</summary>
/// <param name="Name">The model's name as Ollama lists it, for example <c>llama3.2:latest</c>; what requests name.</param>
/// <param name="Family">The model family (for example <c>llama</c>, <c>qwen2</c>, <c>gemma3</c>), or the name's stem when the server reports none.</param>
/// <param name="ParameterSize">The parameter size the server reports (for example <c>3.2B</c>), or <see langword="null"/>.</param>
/// <param name="SizeBytes">The size on disk in bytes, or 0 when unknown.</param>
public sealed record OllamaModelInfo(string Name, string Family, string? ParameterSize, long SizeBytes);
