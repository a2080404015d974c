using System.Text.Json;
using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.AI;

namespace Convergence.Benchmarks.Fixtures;

/// <summary>
/// The same fan-out/fan-in on Microsoft Agent Framework: each <see cref="IChatClient"/> wrapped in a <see cref="ChatClientAgent"/>,
/// the agents composed by <see cref="AgentWorkflowBuilder.BuildConcurrent(IEnumerable{AIAgent}, Func{IList{List{ChatMessage}}, List{ChatMessage}}?)"/>,
/// run in process; then, so both sides do the same job, the replies are parsed and handed to the same synthesizer Convergence uses.
/// </summary>
public sealed class AgentFrameworkSetup
{
    private readonly Workflow _workflow;
    private readonly Dictionary<string, ParticipantIdentity> _identities;
    private readonly ISynthesizer _synthesizer = new CompositeSynthesizer(new ExactDedupSynthesizer(), new ConsensusSynthesizer());

    public AgentFrameworkSetup(IReadOnlyList<IChatClient> clients)
    {
        var agents = new List<AIAgent>(clients.Count);
        _identities = new(StringComparer.Ordinal);
        for (var i = 0; i < clients.Count; i++)
        {
            var name = $"explorer{i}";
            var metadata = clients[i].GetService<ChatClientMetadata>();
            agents.Add(new ChatClientAgent(clients[i], instructions: ExploreOptions.DefaultInstructions, name: name));
            _identities[name] = new ParticipantIdentity(name, metadata?.ProviderName ?? "unknown", metadata?.DefaultModelId);
        }

        _workflow = AgentWorkflowBuilder.BuildConcurrent(agents);
    }

    /// <summary>Runs the workflow to its output: one message per agent (the default aggregator keeps each agent's last message).</summary>
    public async Task<List<ChatMessage>> RunWorkflowAsync(CancellationToken cancellationToken = default)
    {
        List<ChatMessage> input = [new(ChatRole.User, Panel.Task)];
        await using var run = await InProcessExecution.RunStreamingAsync(_workflow, input, cancellationToken: cancellationToken);
        _ = await run.TrySendMessageAsync(new TurnToken(emitEvents: false));
        await foreach (var workflowEvent in run.WatchStreamAsync(cancellationToken))
        {
            if (workflowEvent is WorkflowOutputEvent output && output.Is<List<ChatMessage>>(out var messages))
            {
                return messages;
            }

            if (workflowEvent is WorkflowErrorEvent error)
            {
                throw new InvalidOperationException($"The workflow failed: {error.Data}");
            }
        }

        throw new InvalidOperationException("The workflow ended without an output.");
    }

    /// <summary>The whole job: fan out, fan in, parse the findings, dedup and rank them.</summary>
    public async Task<SynthesisResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var messages = await RunWorkflowAsync(cancellationToken);
        return await SynthesizeAsync(messages, cancellationToken);
    }

    /// <summary>Parses the agents' replies into findings and runs the synthesizers on them.</summary>
    public Task<SynthesisResult> SynthesizeAsync(List<ChatMessage> messages, CancellationToken cancellationToken = default)
    {
        var candidates = new List<Candidate>(messages.Count * Panel.FindingsPerExplorer);
        var panel = new List<ParticipantIdentity>(messages.Count);
        for (var m = 0; m < messages.Count; m++)
        {
            var message = messages[m];
            var source = message.AuthorName is { } author && _identities.TryGetValue(author, out var identity)
                ? identity
                : new ParticipantIdentity($"agent{m}", $"agent{m}", null);
            panel.Add(source);
            using var document = JsonDocument.Parse(message.Text);
            var index = 0;
            foreach (var item in document.RootElement.GetProperty("findings").EnumerateArray())
            {
                index++;
                var finding = new Finding
                {
                    Id = $"{source.Name}#{index}",
                    Title = item.GetProperty("title").GetString() ?? string.Empty,
                    Detail = item.TryGetProperty("detail", out var detail) ? detail.GetString() ?? string.Empty : string.Empty,
                    Confidence = item.TryGetProperty("confidence", out var confidence) ? confidence.GetDouble() : null,
                    Source = source,
                };
                candidates.Add(Candidate.FromFinding(finding));
            }
        }

        return _synthesizer.SynthesizeAsync(new SynthesisRequest(candidates, panel, Panel.Task), cancellationToken);
    }

    public async Task<SynthesisResult> RunCheckedAsync()
    {
        var messages = await RunWorkflowAsync();
        if (messages.Count != Panel.Explorers || messages.Any(static m => m.AuthorName is null))
        {
            throw new InvalidOperationException(
                $"The workflow returned {messages.Count} messages ({string.Join(", ", messages.Select(static m => m.AuthorName ?? "?"))}); expected one per agent, named.");
        }

        var result = await RunAsync();
        return result.Candidates.Count == 0 ? throw new InvalidOperationException("No candidates from the Agent Framework run.") : result;
    }
}
