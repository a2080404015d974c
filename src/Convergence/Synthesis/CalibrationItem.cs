namespace Convergence;

/// <summary>One labelled item of calibration history: the correct answer and what each participant answered.</summary>
/// <param name="Gold">The correct answer (compared with participants' answers after trimming, ignoring case).</param>
/// <param name="Answers">The participants' answers, in panel order.</param>
public sealed record CalibrationItem(string Gold, IReadOnlyList<CalibrationAnswer> Answers);
