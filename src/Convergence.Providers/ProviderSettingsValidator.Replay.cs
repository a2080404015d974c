using Convergence.Testing;

namespace Convergence.Providers;

/// <summary>Replay files are loaded and checked when the configuration is validated, so a missing recording fails before any run.</summary>
internal sealed partial class ProviderSettingsValidator
{
    private ReplayFile LoadReplay(string path, string file)
    {
        var fullPath = System.IO.Path.GetFullPath(file, _options.BasePath ?? Directory.GetCurrentDirectory());
        try
        {
            return ReplayFile.Load(fullPath);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ConvergenceConfigurationException($"{path}:Path: {ex.Message}", ex);
        }
    }

    /// <returns>The recording's provider and model, which a replay participant reports (so an offline panel keeps its providers apart).</returns>
    private static (string? Provider, string? Model) ValidateReplayParticipant(ResolvedProvider provider, string name, string path)
    {
        try
        {
            var recording = ((ReplayFile)provider.Replay!).GetRecording(name);
            return (string.IsNullOrWhiteSpace(recording.Provider) ? null : recording.Provider, string.IsNullOrWhiteSpace(recording.Model) ? null : recording.Model);
        }
        catch (ArgumentException ex)
        {
            throw new ConvergenceConfigurationException(
                $"{path} ('{name}') uses replay provider '{provider.Key}', but: {ex.Message.Split(" (Parameter", 2)[0]}", ex);
        }
    }
}
