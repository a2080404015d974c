namespace Convergence.Cli;

/// <summary>The exit codes of the DESIGN.md contract.</summary>
internal static class ExitCodes
{
    public const int Completed = 0;
    public const int Usage = 2;
    public const int QuorumFailed = 3;
    public const int Cancelled = 130;
}
