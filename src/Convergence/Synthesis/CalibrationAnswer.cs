namespace Convergence;

/// <summary>One participant's answer to one calibration item.</summary>
/// <param name="Participant">The participant.</param>
/// <param name="Answer">Its answer, or <see langword="null"/> or empty when it abstained (a refusal, an unparseable reply): an abstention is not a vote.</param>
public sealed record CalibrationAnswer(ParticipantIdentity Participant, string? Answer);
