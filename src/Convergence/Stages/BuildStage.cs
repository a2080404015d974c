namespace Convergence;

/// <summary>Builds the top K candidates: every builder iterates on each until the verifier proves an artifact or the budget is spent.</summary>
internal sealed class BuildStage : IConvergenceStage
{
    private readonly CandidateBuilder _builder;
    private readonly bool _hasAuditors;

    public BuildStage(CandidateBuilder builder, bool hasAuditors)
    {
        _builder = builder;
        _hasAuditors = hasAuditors;
    }

    public string Name => ConvergenceStageNames.Build;

    public async Task RunAsync(ConvergenceContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var builders = context.GetParticipants(ConvergenceRole.Builder);
        var candidates = context.Candidates.ToArray();
        if (builders.Count == 0 || candidates.Length == 0)
        {
            return;
        }

        var count = Math.Min(_builder.Options.TopK, candidates.Length);
        using var gate = new SemaphoreSlim(_builder.Options.MaxDegreeOfParallelism);
        var work = new Task[count];
        for (var i = 0; i < count; i++)
        {
            work[i] = BuildOneAsync(context, candidates, i, builders, gate, cancellationToken);
        }

        await Task.WhenAll(work);
        context.Candidates = candidates;
    }

    private async Task BuildOneAsync(
        ConvergenceContext context, Candidate[] candidates, int index, IReadOnlyList<Participant> builders, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var candidate = candidates[index];
            var outcome = await _builder.BuildAsync(context, candidate, builders, previous: null, revision: null, cancellationToken);

            // With auditors, a verified candidate waits for their decision; without, being proven is the last word.
            var status = outcome.Verified && !_hasAuditors ? CandidateStatus.Approved : CandidateStatus.Unverified;
            candidates[index] = candidate with { Build = outcome, Status = status };
        }
        finally
        {
            _ = gate.Release();
        }
    }
}
