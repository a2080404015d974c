namespace Convergence.Cli;

/// <summary>Bad usage or bad configuration: printed as one line on stderr, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
