namespace Convergence;

/// <summary>Turns the explorers' findings into ranked candidates with the pipeline's <see cref="ISynthesizer"/>.</summary>
internal sealed class SynthesizeStage : IConvergenceStage
{
    private readonly ISynthesizer _synthesizer;

    public SynthesizeStage(ISynthesizer synthesizer) => _synthesizer = synthesizer;

    public string Name => ConvergenceStageNames.Synthesize;

    public async Task RunAsync(ConvergenceContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var findings = context.Findings;
        var candidates = new Candidate[findings.Count];
        for (var i = 0; i < findings.Count; i++)
        {
            candidates[i] = Candidate.FromFinding(findings[i]);
        }

        // The panel is the explorers that answered: abstainers (failed, unusable replies) do not vote.
        var panel = new List<ParticipantIdentity>();
        foreach (var report in context.GetParticipantReports())
        {
            if (report.Role == ConvergenceRole.Explorer && report.Status == ParticipantStatus.Succeeded)
            {
                // The provider that answered (a backup's, after a failover) is the voice consensus counts.
                panel.Add(new ParticipantIdentity(report.Name, report.Provider, report.Model));
            }
        }

        var result = await _synthesizer.SynthesizeAsync(new SynthesisRequest(candidates, panel, context.Request.Task), cancellationToken)
            ?? throw new InvalidOperationException($"The synthesizer {_synthesizer.GetType().Name} returned null.");

        foreach (var warning in result.Warnings)
        {
            context.AddWarning(warning);
        }

        var ranked = new Candidate[result.Candidates.Count];
        for (var i = 0; i < ranked.Length; i++)
        {
            ranked[i] = result.Candidates[i] with { Rank = i + 1 };
        }

        context.Candidates = ranked;
        if (context.IsStreaming)
        {
            context.Report(new SynthesisCompletedEvent(context.RunId, context.TimeProvider.GetUtcNow(), ranked));
        }
    }
}
