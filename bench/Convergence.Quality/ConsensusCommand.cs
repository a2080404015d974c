using System.Globalization;
using System.Text.Json;
using Convergence.Testing;

namespace Convergence.Quality;

/// <summary>
/// The <c>consensus</c> command: fits reliability on --calibrate, then runs every --eval question through the real pipeline,
/// each participant a <see cref="ReplayChatClient"/> serving its recorded answer as a finding, and scores the top candidate.
/// </summary>
internal static class ConsensusCommand
{
    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        var calibrate = ReplayItem.Load(options["calibrate"]);
        var eval = ReplayItem.Load(options["eval"]);
        Console.WriteLine($"consensus: calibrate={Path.GetFileName(options["calibrate"])} ({calibrate.Count} items) eval={Path.GetFileName(options["eval"])} ({eval.Count} items)");

        var profile = new ReliabilityCalibrator().Fit(calibrate.Select(i => i.ToCalibrationItem()));
        foreach (var (name, weight) in profile.Weights.OrderByDescending(w => w.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-32} accuracy={profile.Accuracies[name]:0.000} weight={weight:0.00}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cross-validation on calibrate: ensemble={profile.CrossValidatedEnsembleAccuracy:0.000} best_single={profile.CrossValidatedBestSingleAccuracy:0.000} defer_to={profile.DeferTo?.Name ?? "none"}"));

        var participants = eval.SelectMany(i => i.Responses.Select(r => r.Participant)).DistinctBy(p => p.Name).ToArray();
        double Accuracy(string name) => eval.Count(i => i.Responses.Any(r => r.Participant.Name == name && Same(r.Answer, i.Gold))) / (double)eval.Count;
        var bestSingle = participants.Max(p => Accuracy(p.Name));
        var calibrationBest = calibrate.SelectMany(i => i.Responses.Select(r => r.Participant.Name)).Distinct()
            .OrderByDescending(name => calibrate.Count(i => i.Responses.Any(r => r.Participant.Name == name && Same(r.Answer, i.Gold)))).First();
        var bestByCalibration = Accuracy(calibrationBest);

        var majority = await RunPipelineAsync(eval, participants, new CompositeSynthesizer(
            new ExactDedupSynthesizer(),
            new ConsensusSynthesizer(new() { Independence = VoteIndependence.PerParticipant })));
        var convergence = await RunPipelineAsync(eval, participants, new CompositeSynthesizer(
            new LexicalDedupSynthesizer(),
            new ConsensusSynthesizer(new() { Reliability = profile })));
        Console.WriteLine($"first warning of the calibrated run: {convergence.FirstWarning ?? "none"}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"items={eval.Count} best_single={bestSingle:0.000} best_single_by_calibration={bestByCalibration:0.000} majority={majority.Accuracy:0.000} convergence={convergence.Accuracy:0.000}"));
        return 0;
    }

    private static bool Same(string answer, string gold) => answer.Length > 0 && string.Equals(answer.Trim(), gold.Trim(), StringComparison.OrdinalIgnoreCase);

    private static async Task<(double Accuracy, string? FirstWarning)> RunPipelineAsync(IReadOnlyList<ReplayItem> items, IReadOnlyList<ParticipantIdentity> participants, ISynthesizer synthesizer)
    {
        // One replay client per participant; each item's reply is selected by a marker in the task (ReplayReply.Match).
        var builder = new ConvergencePipelineBuilder();
        var clients = new List<ReplayChatClient>();
        foreach (var participant in participants)
        {
            var replies = new List<ReplayReply>();
            foreach (var item in items)
            {
                var answer = item.Responses.FirstOrDefault(r => r.Participant.Name == participant.Name).Answer ?? string.Empty;
                replies.Add(new ReplayReply
                {
                    Match = Marker(item),
                    // An empty answer (a refusal, no usable option) becomes an unusable reply: the explorer abstains and does not vote.
                    Text = answer.Length == 0 ? "(no usable answer)" : JsonSerializer.Serialize(new { findings = new[] { new { title = answer, detail = string.Empty } } }),
                });
            }

            var client = new ReplayChatClient(new ReplayRecording { Participant = participant.Name, Provider = participant.Provider, Model = participant.Model, Replies = replies });
            clients.Add(client);
            _ = builder.AddExplorer(client, o =>
            {
                o.Name = participant.Name;
                o.Provider = participant.Provider;
                o.Model = participant.Model;
            });
        }

        var pipeline = builder.UseSynthesizer(synthesizer).Build();
        var correct = 0;
        string? firstWarning = null;
        foreach (var item in items)
        {
            var result = await pipeline.RunAsync(new ConvergenceRequest($"{Marker(item)}\n{item.Question}"));
            firstWarning ??= result.Warnings.FirstOrDefault(w => !w.Contains("failed", StringComparison.OrdinalIgnoreCase));
            var top = result.Candidates.Count > 0 ? result.Candidates[0] : null;
            if (top is not null && Same(top.Title, item.Gold))
            {
                correct++;
            }
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }

        return ((double)correct / items.Count, firstWarning);
    }

    private static string Marker(ReplayItem item) => $"[item {item.Id}]";
}
