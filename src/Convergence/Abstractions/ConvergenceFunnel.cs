using System.Globalization;

namespace Convergence;

/// <summary>How the run narrowed: explored findings, then candidates, then built, verified and approved candidates.</summary>
/// <remarks>Convergence across roles: which candidates survived build and audit. Within a role it is each candidate's distinct providers.</remarks>
public sealed record ConvergenceFunnel
{
    /// <summary>Gets the number of findings the explorers reported.</summary>
    public int ExploredFindings { get; init; }

    /// <summary>Gets the number of candidates synthesis made of them.</summary>
    public int Candidates { get; init; }

    /// <summary>Gets the number of candidates builders worked on.</summary>
    public int Built { get; init; }

    /// <summary>Gets the number of candidates with an artifact the verifier proved.</summary>
    public int Verified { get; init; }

    /// <summary>Gets the number of candidates approved (by the audit policy, or verified when there are no auditors).</summary>
    public int Approved { get; init; }

    /// <summary>Computes the funnel of a set of candidates.</summary>
    /// <param name="exploredFindings">The number of findings explored.</param>
    /// <param name="candidates">The candidates.</param>
    /// <returns>The funnel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="candidates"/> is <see langword="null"/>.</exception>
    public static ConvergenceFunnel From(int exploredFindings, IReadOnlyList<Candidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        int built = 0, verified = 0, approved = 0;
        foreach (var candidate in candidates)
        {
            built += candidate.Build is null ? 0 : 1;
            verified += candidate.Build?.Verified == true ? 1 : 0;
            approved += candidate.Status == CandidateStatus.Approved ? 1 : 0;
        }

        return new()
        {
            ExploredFindings = exploredFindings,
            Candidates = candidates.Count,
            Built = built,
            Verified = verified,
            Approved = approved,
        };
    }

    /// <summary>Formats the funnel as one line, for example <c>findings=12 candidates=7 built=3 verified=2 approved=1</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"findings={ExploredFindings} candidates={Candidates} built={Built} verified={Verified} approved={Approved}");
}
