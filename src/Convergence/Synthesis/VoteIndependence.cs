namespace Convergence;

/// <summary>How much independence consensus grants to participants that share a provider or a model.</summary>
public enum VoteIndependence
{
    /// <summary>One vote per provider: every participant of a provider, whatever its model or persona, shares one vote. The default.</summary>
    PerProvider,

    /// <summary>A provider's vote is shared equally by its distinct models; personas of one model share that model's share. Distinct providers still outrank distinct models of one provider.</summary>
    PerModel,

    /// <summary>One vote per participant: no independence correction (plain majority). For comparison only: personas of one model are echoes, not voices.</summary>
    PerParticipant,
}
