using System.Globalization;
using System.Text.Json;

namespace Convergence.Benchmarks.Fixtures;

/// <summary>The explorer panel every benchmark uses: 8 explorers from 8 providers, 25 findings each, with overlapping titles.</summary>
public static class Panel
{
    public const int Explorers = 8;
    public const int FindingsPerExplorer = 25;
    public const string Task = "Review the login service for security defects.";

    /// <summary>The fixed simulated latencies of the fan-out and quorum benchmarks: 50 to 200 ms, evenly spaced, shuffled so registration order is not latency order.</summary>
    public static readonly TimeSpan[] Latencies =
        [.. new[] { 136, 50, 200, 93, 157, 71, 179, 114 }.Select(static ms => TimeSpan.FromMilliseconds(ms))];

    public static TimeSpan Slowest => Latencies.Max();

    public static TimeSpan KthFastest(int k) => Latencies.Order().ElementAt(k - 1);

    /// <summary>Creates the explorers' clients, instant when <paramref name="latencies"/> is null.</summary>
    public static BenchChatClient[] CreateClients(TimeSpan[]? latencies = null)
    {
        var clients = new BenchChatClient[Explorers];
        for (var i = 0; i < Explorers; i++)
        {
            clients[i] = new BenchChatClient($"provider{i}", $"model{i}", Reply(i), latencies?[i] ?? TimeSpan.Zero);
        }

        return clients;
    }

    /// <summary>The reply of explorer <paramref name="explorer"/>: 25 findings drawn from a pool of 60 defects, so most are seen by several explorers.</summary>
    public static string Reply(int explorer)
    {
        var findings = new List<object>(FindingsPerExplorer);
        for (var j = 0; j < FindingsPerExplorer; j++)
        {
            var defect = ((explorer * 7) + (j * 3)) % 60;
            findings.Add(new
            {
                title = string.Create(CultureInfo.InvariantCulture, $"Defect {defect}: unchecked input in handler {defect % 13}"),
                detail = string.Create(
                    CultureInfo.InvariantCulture,
                    $"The handler {defect % 13} passes request field {defect} to the query builder without validation, so a crafted value changes the query."),
                confidence = 0.5 + ((explorer + j) % 5 / 10.0),
            });
        }

        return JsonSerializer.Serialize(new { findings });
    }
}
