namespace Iso.Workflows.Definitions;

/// <summary>The node graph of a definition indexed once: nodes by id, successors, and each fork's matching join.</summary>
internal sealed class DefinitionGraph
{
    public DefinitionGraph(WorkflowDefinition definition)
    {
        foreach (var node in definition.Nodes)
        {
            Nodes.TryAdd(node.Id, node);
        }

        foreach (var node in definition.Nodes)
        {
            if (node is ForkNode fork && Nodes.TryGetValue(fork.Id, out var indexed) && ReferenceEquals(indexed, fork))
            {
                var join = FindMatchingJoin(fork);
                if (join is not null)
                {
                    JoinOfFork[fork.Id] = join;
                }
            }
        }
    }

    public Dictionary<string, NodeDefinition> Nodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Fork id → id of the join that closes it.</summary>
    public Dictionary<string, string> JoinOfFork { get; } = new(StringComparer.Ordinal);

    public static IEnumerable<string> Successors(NodeDefinition node)
    {
        switch (node)
        {
            case StartNode s: yield return s.To; break;
            case UserTaskNode t:
                foreach (var o in t.Outcomes)
                {
                    yield return o.To;
                }

                break;
            case DecisionNode d:
                foreach (var b in d.Branches)
                {
                    yield return b.To;
                }

                if (d.Otherwise is not null)
                {
                    yield return d.Otherwise;
                }

                break;
            case ForkNode f:
                foreach (var t in f.To)
                {
                    yield return t;
                }

                break;
            case JoinNode j: yield return j.To; break;
            case TimerNode tm: yield return tm.To; break;
            case ActionNode a: yield return a.To; break;
            default: break;
        }
    }

    /// <summary>Breadth-first distances from <paramref name="from"/> (inclusive) to every reachable node.</summary>
    public Dictionary<string, int> Distances(string from)
    {
        var dist = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!Nodes.ContainsKey(from))
        {
            return dist;
        }

        var queue = new Queue<string>();
        dist[from] = 0;
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            foreach (var next in Successors(Nodes[id]))
            {
                if (Nodes.ContainsKey(next) && !dist.ContainsKey(next))
                {
                    dist[next] = dist[id] + 1;
                    queue.Enqueue(next);
                }
            }
        }

        return dist;
    }

    /// <summary>ADR 0003: the join of a fork is the nearest join reached by all of its branches.</summary>
    private string? FindMatchingJoin(ForkNode fork)
    {
        if (fork.To.Count == 0)
        {
            return null;
        }

        var perBranch = new List<Dictionary<string, int>>(fork.To.Count);
        foreach (var target in fork.To)
        {
            perBranch.Add(Distances(target));
        }

        string? best = null;
        var bestScore = int.MaxValue;
        foreach (var (id, node) in Nodes)
        {
            if (node is not JoinNode)
            {
                continue;
            }

            var worst = 0;
            var all = true;
            foreach (var d in perBranch)
            {
                if (!d.TryGetValue(id, out var distance))
                {
                    all = false;
                    break;
                }

                worst = Math.Max(worst, distance);
            }

            if (all && (worst < bestScore || (worst == bestScore && string.CompareOrdinal(id, best) < 0)))
            {
                best = id;
                bestScore = worst;
            }
        }

        return best;
    }
}
