namespace Convergence;

internal static class Placeholder;
