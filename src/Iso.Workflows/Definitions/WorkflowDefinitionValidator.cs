using Iso.Workflows.Expressions;

namespace Iso.Workflows.Definitions;

/// <summary>The rules of ADR 0003 over the node graph; each problem names the JSON path of what is wrong.</summary>
public static class WorkflowDefinitionValidator
{
    /// <summary>Parses and validates JSON text; never throws for bad input.</summary>
    public static IReadOnlyList<DefinitionProblem> Validate(string json, string file = "<input>", IReadOnlyCollection<string>? knownActions = null) =>
        WorkflowDefinitionLoader.Load(json, file, knownActions).Problems;

    internal static void ValidateGraph(WorkflowDefinition definition, string file, List<DefinitionProblem> problems, IReadOnlyCollection<string>? knownActions)
    {
        void Problem(string path, string message) => problems.Add(new DefinitionProblem(file, path, message));

        var graph = new DefinitionGraph(definition);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        StartNode? start = null;
        var ends = 0;
        foreach (var node in definition.Nodes)
        {
            var path = $"$.nodes[{node.Index}]";
            if (!seen.Add(node.Id))
            {
                Problem(path + ".id", $"Duplicate node id '{node.Id}'.");
            }

            switch (node)
            {
                case StartNode s:
                    if (start is not null)
                    {
                        Problem(path, $"More than one start node ('{start.Id}' and '{s.Id}'); a definition has exactly one.");
                    }

                    start ??= s;
                    CheckTarget(s.To, path + ".to");
                    break;
                case UserTaskNode t:
                    CheckUserTask(t, path);
                    break;
                case DecisionNode d:
                    for (var i = 0; i < d.Branches.Count; i++)
                    {
                        var b = d.Branches[i];
                        if (b.When.Length > 0 && ExpressionEvaluator.CheckSyntax(b.When) is { } error)
                        {
                            Problem($"{path}.branches[{i}].when", $"Bad expression '{b.When}': {error}");
                        }

                        CheckTarget(b.To, $"{path}.branches[{i}].to");
                    }

                    if (d.Branches.Count == 0)
                    {
                        Problem(path + ".branches", "A decision needs at least one branch.");
                    }

                    if (d.Otherwise is not null)
                    {
                        CheckTarget(d.Otherwise, path + ".otherwise");
                    }

                    break;
                case ForkNode f:
                    for (var i = 0; i < f.To.Count; i++)
                    {
                        CheckTarget(f.To[i], $"{path}.to[{i}]");
                    }

                    break;
                case JoinNode j:
                    CheckTarget(j.To, path + ".to");
                    break;
                case TimerNode tm:
                    CheckTarget(tm.To, path + ".to");
                    break;
                case ActionNode a:
                    CheckAction(a.Action, path + ".action");
                    CheckTarget(a.To, path + ".to");
                    break;
                case EndNode:
                    ends++;
                    break;
                default:
                    break;
            }
        }

        if (definition.OnCaseOverdue is { } oco)
        {
            CheckAction(oco.Action, "$.onCaseOverdue.action");
        }

        if (start is null)
        {
            Problem("$.nodes", "A definition needs exactly one start node.");
        }

        if (ends == 0)
        {
            Problem("$.nodes", "A definition needs at least one end node.");
        }

        if (start is not null)
        {
            var reachable = graph.Distances(start.Id);
            foreach (var node in definition.Nodes)
            {
                if (!reachable.ContainsKey(node.Id) && ReferenceEquals(graph.Nodes[node.Id], node))
                {
                    Problem($"$.nodes[{node.Index}]", $"Node '{node.Id}' is unreachable from the start node.");
                }
            }
        }

        CheckEndReachable(definition, graph, Problem);
        CheckForksAndJoins(definition, graph, Problem);

        void CheckTarget(string to, string path)
        {
            if (to.Length > 0 && !graph.Nodes.ContainsKey(to))
            {
                Problem(path, $"Unknown target node '{to}'.");
            }
        }

        void CheckAction(string action, string path)
        {
            if (knownActions is not null && action.Length > 0 && !knownActions.Contains(action))
            {
                problems.Add(new DefinitionProblem(file, path, $"Unknown action '{action}': no handler is registered (the case will fault when it gets here).", IsWarning: true));
            }
        }

        void CheckUserTask(UserTaskNode t, string path)
        {
            if (t.Outcomes.Count == 0)
            {
                Problem(path + ".outcomes", $"userTask '{t.Id}' has no outcomes; it needs at least one.");
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < t.Outcomes.Count; i++)
            {
                var o = t.Outcomes[i];
                if (o.Name.Length > 0 && !names.Add(o.Name))
                {
                    Problem($"{path}.outcomes[{i}].name", $"Duplicate outcome name '{o.Name}'.");
                }

                CheckTarget(o.To, $"{path}.outcomes[{i}].to");
            }

            if (t.Assignee is { } assignee)
            {
                if (assignee.StartsWith("sameAs:", StringComparison.Ordinal))
                {
                    var other = assignee["sameAs:".Length..];
                    if (!graph.Nodes.TryGetValue(other, out var target) || target is not UserTaskNode)
                    {
                        Problem(path + ".assignee", $"Assignee '{assignee}' refers to '{other}', which is not a userTask of this definition.");
                    }
                }
                else if (assignee.StartsWith("variable:", StringComparison.Ordinal))
                {
                    var name = assignee["variable:".Length..];
                    if (!definition.Variables.Any(v => v.Name == name))
                    {
                        Problem(path + ".assignee", $"Assignee '{assignee}' refers to unknown variable '{name}'.");
                    }
                }
                else if (assignee != "initiator")
                {
                    Problem(path + ".assignee", $"Unknown assignee rule '{assignee}' (expected initiator, sameAs:<nodeId> or variable:<name>).");
                }
            }

            if (t.OnOverdue is { } oo)
            {
                CheckAction(oo.Action, path + ".onOverdue.action");
            }
        }
    }

    private static void CheckEndReachable(WorkflowDefinition definition, DefinitionGraph graph, Action<string, string> problem)
    {
        // Walk backwards from every end node; a node not met can never finish the case.
        var predecessors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes.Values)
        {
            foreach (var next in DefinitionGraph.Successors(node))
            {
                if (!predecessors.TryGetValue(next, out var list))
                {
                    predecessors[next] = list = [];
                }

                list.Add(node.Id);
            }
        }

        var canEnd = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var node in graph.Nodes.Values)
        {
            if (node is EndNode)
            {
                canEnd.Add(node.Id);
                queue.Enqueue(node.Id);
            }
        }

        if (canEnd.Count == 0)
        {
            return;
        }

        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            if (predecessors.TryGetValue(id, out var list))
            {
                foreach (var p in list)
                {
                    if (canEnd.Add(p))
                    {
                        queue.Enqueue(p);
                    }
                }
            }
        }

        foreach (var node in definition.Nodes)
        {
            if (!canEnd.Contains(node.Id))
            {
                problem($"$.nodes[{node.Index}]", $"No end node can be reached from node '{node.Id}'.");
            }
        }
    }

    private static void CheckForksAndJoins(WorkflowDefinition definition, DefinitionGraph graph, Action<string, string> problem)
    {
        var matchedJoins = new HashSet<string>(graph.JoinOfFork.Values, StringComparer.Ordinal);
        foreach (var node in definition.Nodes)
        {
            if (node is ForkNode fork && fork.To.Count > 0 && !graph.JoinOfFork.ContainsKey(fork.Id))
            {
                problem($"$.nodes[{fork.Index}]", $"Fork '{fork.Id}' has no matching join reached by all of its branches.");
            }
            else if (node is JoinNode join && !matchedJoins.Contains(join.Id))
            {
                problem($"$.nodes[{join.Index}]", $"Join '{join.Id}' has no fork whose branches all reach it.");
            }
        }
    }
}
