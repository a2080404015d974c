using Microsoft.Extensions.AI;

namespace Convergence;

/// <summary>What a convergence run is asked to do: the task, optional context, and optional chat options for every call.</summary>
public sealed class ConvergenceRequest
{
    /// <summary>Initializes a new instance of the <see cref="ConvergenceRequest"/> class.</summary>
    /// <param name="task">The task every explorer works on.</param>
    /// <exception cref="ArgumentException"><paramref name="task"/> is null, empty or white space.</exception>
    public ConvergenceRequest(string task)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        Task = task;
    }

    /// <summary>Gets the task every explorer works on.</summary>
    public string Task { get; }

    /// <summary>Gets or sets optional context given with the task (for example the code under review).</summary>
    public string? Context { get; set; }

    /// <summary>Gets or sets the chat options used for every participant call that has no options of its own.</summary>
    /// <remarks>The pipeline never mutates this instance: each call gets its own clone.</remarks>
    public ChatOptions? Options { get; set; }

    /// <summary>Gets or sets the run identifier; when <see langword="null"/>, the pipeline creates one.</summary>
    public string? RunId { get; set; }
}
