using Iso.Workflows.Calendar;

namespace Iso.Workflows.Definitions;

/// <summary>The main path of a procedure as its paper step table reads it: from the start, each step's first outcome,
/// each decision's first branch; parallel branches count as long as the longest. Its counted working time is what
/// the procedure's time limit is checked against.</summary>
public sealed record MainPath(IReadOnlyList<string> NodeIds, WorkingDuration Total)
{
    public static MainPath Of(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var graph = new DefinitionGraph(definition);
        var start = definition.Nodes.OfType<StartNode>().FirstOrDefault();
        if (start is null)
        {
            return new MainPath([], WorkingDuration.Zero);
        }

        var ids = new List<string>();
        var total = Walk(graph, start.Id, stop: null, ids, new HashSet<string>(StringComparer.Ordinal));
        return new MainPath(ids, WorkingDuration.FromHours(total));
    }

    /// <summary>Counted hours from <paramref name="from"/> until an end, a loop or <paramref name="stop"/> (a fork's join).</summary>
    private static decimal Walk(DefinitionGraph graph, string from, string? stop, List<string> ids, HashSet<string> visited)
    {
        var hours = 0m;
        var current = from;
        while (current is not null && current != stop && visited.Add(current) && graph.Nodes.TryGetValue(current, out var node))
        {
            ids.Add(node.Id);
            switch (node)
            {
                case StartNode s:
                    current = s.To;
                    break;
                case UserTaskNode t:
                    hours += t.Duration?.ToWorkingDuration()?.Hours ?? 0m;
                    current = t.Outcomes.Count > 0 ? t.Outcomes[0].To : null;
                    break;
                case DecisionNode d:
                    current = d.Branches.Count > 0 ? d.Branches[0].To : d.Otherwise;
                    break;
                case ForkNode f:
                    graph.JoinOfFork.TryGetValue(f.Id, out var join);
                    var longest = 0m;
                    foreach (var branch in f.To)
                    {
                        longest = Math.Max(longest, Walk(graph, branch, join, ids, visited));
                    }

                    hours += longest;
                    current = join;
                    break;
                case JoinNode j:
                    current = j.To;
                    break;
                case TimerNode tm:
                    hours += tm.Duration.ToWorkingDuration()?.Hours ?? 0m;
                    current = tm.To;
                    break;
                case ActionNode a:
                    current = a.To;
                    break;
                default:
                    current = null;
                    break;
            }
        }

        return hours;
    }
}
