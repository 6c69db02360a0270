using System.Globalization;
using System.Text;

namespace Iso.Web.Procedures;

/// <summary>A point of the chart in SVG user units.</summary>
public readonly record struct FlowPoint(double X, double Y);

/// <summary>A node placed on the chart: its centre, size and layer. <see cref="Pinned"/> when the officer placed it by hand.</summary>
public sealed record PlacedNode(FlowNode Node, double X, double Y, double Width, double Height, int Layer, bool Pinned)
{
    public double Left => X - (Width / 2);

    public double Top => Y - (Height / 2);

    public bool Overlaps(PlacedNode other) =>
        Math.Abs(X - other.X) * 2 < Width + other.Width && Math.Abs(Y - other.Y) * 2 < Height + other.Height;
}

/// <summary>A way drawn as a curve through <see cref="Points"/>, its label placed at <see cref="LabelAt"/>.
/// <see cref="Back"/>: it goes back up (a loop such as "return for rework"); <see cref="Dangling"/>: its target does not exist.</summary>
public sealed record PlacedEdge(FlowEdge Edge, IReadOnlyList<FlowPoint> Points, FlowPoint LabelAt, bool Back, bool Dangling)
{
    /// <summary>The SVG path: vertical-tangent cubic curves between consecutive points.</summary>
    public string PathData()
    {
        var path = new StringBuilder();
        var first = Points[0];
        path.Append(CultureInfo.InvariantCulture, $"M{first.X:0.#},{first.Y:0.#}");
        for (var i = 1; i < Points.Count; i++)
        {
            var (a, b) = (Points[i - 1], Points[i]);
            if (Back)
            {
                var mx = (a.X + b.X) / 2;
                path.Append(CultureInfo.InvariantCulture, $" C{mx:0.#},{a.Y:0.#} {mx:0.#},{b.Y:0.#} {b.X:0.#},{b.Y:0.#}");
            }
            else
            {
                var my = (a.Y + b.Y) / 2;
                path.Append(CultureInfo.InvariantCulture, $" C{a.X:0.#},{my:0.#} {b.X:0.#},{my:0.#} {b.X:0.#},{b.Y:0.#}");
            }
        }

        return path.ToString();
    }
}

/// <summary>A laid-out chart: its size and everything placed on it.</summary>
public sealed record FlowchartPicture(double Width, double Height, IReadOnlyList<PlacedNode> Nodes, IReadOnlyList<PlacedEdge> Edges)
{
    public PlacedNode? Find(string id) => Nodes.FirstOrDefault(n => n.Node.Id == id);
}

/// <summary>
/// Lays a definition's graph out in layers, top to bottom (ADR 0018): ways that go back (rework loops) are set aside by a
/// depth-first walk from the start so the rest is acyclic; each node goes to the layer of its longest path from a source;
/// a way spanning several layers gets a slot in each layer it crosses; the order within each layer comes from barycentre
/// sweeps (down and up, ties kept in the previous order), and each node is then pulled toward its predecessors without
/// overlapping its neighbours. Deterministic: the same graph and pins give the same picture. Positions the officer pinned
/// replace the computed ones. Pure and thread-safe.
/// </summary>
public static class FlowchartLayout
{
    public const double Margin = 24;
    public const double LayerGap = 68;
    public const double NodeGap = 36;
    public const double SlotWidth = 14;
    private const int Sweeps = 8;

    public static (double Width, double Height) SizeOf(string kind) => kind switch
    {
        "userTask" => (188, 58),
        "decision" => (68, 68),
        "fork" or "join" => (104, 14),
        "timer" => (44, 44),
        "action" => (150, 42),
        "start" => (92, 30),
        "end" => (124, 30),
        _ => (150, 42),
    };

    public static FlowchartPicture Compute(FlowchartGraph graph, IReadOnlyDictionary<string, FlowPoint>? pinned = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        pinned ??= new Dictionary<string, FlowPoint>();
        var nodes = graph.Nodes;
        var count = nodes.Count;
        if (count == 0)
        {
            return new FlowchartPicture(Margin * 2, Margin * 2, [], []);
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            index[nodes[i].Id] = i;
        }

        var edges = graph.Edges;
        var back = FindBackEdges(nodes, edges, index);

        // The acyclic graph: forward edges as they are, back edges reversed; self loops left out.
        var succ = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var pred = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var dagEdges = new List<(int From, int To, int Edge)>();
        for (var e = 0; e < edges.Count; e++)
        {
            if (!index.TryGetValue(edges[e].From, out var a) || !index.TryGetValue(edges[e].To, out var b) || a == b)
            {
                continue;
            }

            var (u, v) = back.Contains(e) ? (b, a) : (a, b);
            succ[u].Add(v);
            pred[v].Add(u);
            dagEdges.Add((u, v, e));
        }

        var layer = LongestPathLayers(count, succ, pred);

        // Items of each layer: nodes (ids 0..count-1) and slots of long edges (ids count..).
        var itemLayer = new List<int>(layer);
        var itemSucc = succ.Select(s => new List<int>()).ToList();
        var itemPred = pred.Select(p => new List<int>()).ToList();
        var chains = new Dictionary<int, List<int>>();
        foreach (var (u, v, e) in dagEdges)
        {
            var previous = u;
            var chain = new List<int>();
            for (var l = layer[u] + 1; l < layer[v]; l++)
            {
                var slot = itemLayer.Count;
                itemLayer.Add(l);
                itemSucc.Add([]);
                itemPred.Add([]);
                itemSucc[previous].Add(slot);
                itemPred[slot].Add(previous);
                chain.Add(slot);
                previous = slot;
            }

            itemSucc[previous].Add(v);
            itemPred[v].Add(previous);
            chains[e] = chain;
        }

        var layerCount = layer.Max() + 1;
        var order = Order(count, itemLayer, itemSucc, itemPred, layerCount, DiscoveryOrder(nodes, edges, index));
        var width = Enumerable.Range(0, itemLayer.Count).Select(i => i < count ? SizeOf(nodes[i].Kind).Width : SlotWidth).ToArray();
        var x = PlaceX(order, width, itemPred, itemSucc);

        var layerHeight = new double[layerCount];
        for (var i = 0; i < count; i++)
        {
            layerHeight[layer[i]] = Math.Max(layerHeight[layer[i]], SizeOf(nodes[i].Kind).Height);
        }

        var layerY = new double[layerCount];
        var top = Margin + 8;
        for (var l = 0; l < layerCount; l++)
        {
            layerY[l] = top + (layerHeight[l] / 2);
            top += layerHeight[l] + LayerGap;
        }

        var placed = new PlacedNode[count];
        for (var i = 0; i < count; i++)
        {
            var (w, h) = SizeOf(nodes[i].Kind);
            placed[i] = pinned.TryGetValue(nodes[i].Id, out var p)
                ? new PlacedNode(nodes[i], Math.Round(p.X), Math.Round(p.Y), w, h, layer[i], true)
                : new PlacedNode(nodes[i], Math.Round(x[i]), Math.Round(layerY[layer[i]]), w, h, layer[i], false);
        }

        var drawn = DrawEdges(edges, index, placed, back, chains, x, layerY, itemLayer);
        var right = placed.Max(n => n.X + (n.Width / 2));
        var bottom = placed.Max(n => n.Y + (n.Height / 2));
        foreach (var edge in drawn)
        {
            right = Math.Max(right, edge.Points.Max(p => p.X) + 40);
            bottom = Math.Max(bottom, edge.Points.Max(p => p.Y));
        }

        return new FlowchartPicture(Math.Ceiling(right + Margin), Math.Ceiling(bottom + Margin), placed, drawn);
    }

    /// <summary>Edges that close a cycle, found by a depth-first walk from the start node(s) first, then from the rest in
    /// definition order.</summary>
    private static HashSet<int> FindBackEdges(IReadOnlyList<FlowNode> nodes, IReadOnlyList<FlowEdge> edges, Dictionary<string, int> index)
    {
        var outgoing = Enumerable.Range(0, nodes.Count).Select(_ => new List<int>()).ToArray();
        for (var e = 0; e < edges.Count; e++)
        {
            if (index.TryGetValue(edges[e].From, out var a) && index.ContainsKey(edges[e].To))
            {
                outgoing[a].Add(e);
            }
        }

        var state = new byte[nodes.Count]; // 0 new, 1 on the stack, 2 done
        var back = new HashSet<int>();
        foreach (var root in Roots(nodes))
        {
            if (state[root] != 0)
            {
                continue;
            }

            var stack = new Stack<(int Node, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < outgoing[node].Count)
                {
                    stack.Push((node, next + 1));
                    var e = outgoing[node][next];
                    var target = index[edges[e].To];
                    if (state[target] == 1)
                    {
                        back.Add(e);
                    }
                    else if (state[target] == 0)
                    {
                        state[target] = 1;
                        stack.Push((target, 0));
                    }
                }
                else
                {
                    state[node] = 2;
                }
            }
        }

        return back;
    }

    private static IEnumerable<int> Roots(IReadOnlyList<FlowNode> nodes) =>
        Enumerable.Range(0, nodes.Count).Where(i => nodes[i].Kind == "start").Concat(Enumerable.Range(0, nodes.Count));

    /// <summary>The order nodes are first met walking the graph from the start; it seeds the order within layers.</summary>
    private static int[] DiscoveryOrder(IReadOnlyList<FlowNode> nodes, IReadOnlyList<FlowEdge> edges, Dictionary<string, int> index)
    {
        var rank = Enumerable.Repeat(-1, nodes.Count).ToArray();
        var next = 0;
        foreach (var root in Roots(nodes))
        {
            if (rank[root] >= 0)
            {
                continue;
            }

            var queue = new Queue<int>();
            queue.Enqueue(root);
            rank[root] = next++;
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                foreach (var edge in edges.Where(e => e.From == nodes[node].Id))
                {
                    if (index.TryGetValue(edge.To, out var target) && rank[target] < 0)
                    {
                        rank[target] = next++;
                        queue.Enqueue(target);
                    }
                }
            }
        }

        return rank;
    }

    private static int[] LongestPathLayers(int count, List<int>[] succ, List<int>[] pred)
    {
        var layer = new int[count];
        var remaining = pred.Select(p => p.Count).ToArray();
        var ready = new SortedSet<int>(Enumerable.Range(0, count).Where(i => remaining[i] == 0));
        while (ready.Count > 0)
        {
            var node = ready.Min;
            ready.Remove(node);
            foreach (var next in succ[node])
            {
                layer[next] = Math.Max(layer[next], layer[node] + 1);
                if (--remaining[next] == 0)
                {
                    ready.Add(next);
                }
            }
        }

        return layer;
    }

    private static List<int>[] Order(int count, List<int> itemLayer, List<List<int>> succ, List<List<int>> pred, int layerCount, int[] discovery)
    {
        var layers = Enumerable.Range(0, layerCount).Select(_ => new List<int>()).ToArray();
        var seed = Enumerable.Range(0, itemLayer.Count)
            .OrderBy(i => i < count ? discovery[i] : Seed(i, count, pred, discovery))
            .ThenBy(i => i);
        foreach (var item in seed)
        {
            layers[itemLayer[item]].Add(item);
        }

        var position = new double[itemLayer.Count];
        void Number()
        {
            foreach (var l in layers)
            {
                for (var i = 0; i < l.Count; i++)
                {
                    position[l[i]] = i;
                }
            }
        }

        Number();
        for (var sweep = 0; sweep < Sweeps; sweep++)
        {
            var down = sweep % 2 == 0;
            var range = down ? Enumerable.Range(1, layerCount - 1) : Enumerable.Range(0, layerCount - 1).Reverse();
            foreach (var l in range)
            {
                var neighbours = down ? pred : succ;
                var barycentre = layers[l].ToDictionary(
                    item => item,
                    item => neighbours[item].Count == 0 ? position[item] : neighbours[item].Average(n => position[n]));
                layers[l] = [.. layers[l].OrderBy(item => barycentre[item]).ThenBy(item => position[item])];
                for (var i = 0; i < layers[l].Count; i++)
                {
                    position[layers[l][i]] = i;
                }
            }
        }

        return layers;
    }

    /// <summary>A slot of a long edge starts where its first real predecessor was discovered.</summary>
    private static double Seed(int item, int count, List<List<int>> pred, int[] discovery)
    {
        var current = item;
        while (current >= count && pred[current].Count > 0)
        {
            current = pred[current][0];
        }

        return current < count ? discovery[current] + 0.5 : double.MaxValue;
    }

    /// <summary>Centres in each layer: packed in order, then pulled toward the mean of their neighbours in the layer above
    /// (and, on the way up, below) while keeping the gap to their neighbours.</summary>
    private static double[] PlaceX(List<int>[] layers, double[] width, List<List<int>> pred, List<List<int>> succ)
    {
        var x = new double[width.Length];
        foreach (var l in layers)
        {
            var left = Margin;
            foreach (var item in l)
            {
                x[item] = left + (width[item] / 2);
                left += width[item] + NodeGap;
            }
        }

        for (var pass = 0; pass < 6; pass++)
        {
            var down = pass % 2 == 0;
            var sequence = down ? layers.Skip(1) : layers.Reverse().Skip(1);
            foreach (var l in sequence)
            {
                var neighbours = down ? pred : succ;
                var desired = l.Select(item => neighbours[item].Count == 0 ? x[item] : neighbours[item].Average(n => x[n])).ToArray();
                Fit(l, desired, width, x);
            }
        }

        var min = layers.Where(l => l.Count > 0).Min(l => x[l[0]] - (width[l[0]] / 2));
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += Margin - min;
        }

        return x;
    }

    /// <summary>Sets the layer's centres as close to <paramref name="desired"/> as the gaps allow: a left-to-right and a
    /// right-to-left packing, averaged (both keep the gaps, so their mean does too).</summary>
    private static void Fit(List<int> layer, double[] desired, double[] width, double[] x)
    {
        var n = layer.Count;
        var forward = new double[n];
        for (var i = 0; i < n; i++)
        {
            forward[i] = i == 0 ? desired[0] : Math.Max(desired[i], forward[i - 1] + Gap(layer, width, i - 1, i));
        }

        var backward = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            backward[i] = i == n - 1 ? desired[i] : Math.Min(desired[i], backward[i + 1] - Gap(layer, width, i, i + 1));
        }

        for (var i = 0; i < n; i++)
        {
            x[layer[i]] = (forward[i] + backward[i]) / 2;
        }
    }

    private static double Gap(List<int> layer, double[] width, int a, int b) =>
        (width[layer[a]] / 2) + (width[layer[b]] / 2) + NodeGap;

    private static List<PlacedEdge> DrawEdges(
        IReadOnlyList<FlowEdge> edges,
        Dictionary<string, int> index,
        PlacedNode[] placed,
        HashSet<int> back,
        Dictionary<int, List<int>> chains,
        double[] x,
        double[] layerY,
        List<int> itemLayer)
    {
        // Spread the ways leaving (and entering) one node along its edge, ordered by where the other end is.
        var outPort = new Dictionary<int, double>();
        var inPort = new Dictionary<int, double>();
        var forward = Enumerable.Range(0, edges.Count)
            .Where(e => !back.Contains(e) && index.ContainsKey(edges[e].From) && index.ContainsKey(edges[e].To) && edges[e].From != edges[e].To)
            .ToList();
        foreach (var group in forward.GroupBy(e => index[edges[e].From]))
        {
            Spread(group.OrderBy(e => placed[index[edges[e].To]].X).ThenBy(e => e).ToList(), placed[group.Key], outPort);
        }

        foreach (var group in forward.GroupBy(e => index[edges[e].To]))
        {
            Spread(group.OrderBy(e => placed[index[edges[e].From]].X).ThenBy(e => e).ToList(), placed[group.Key], inPort);
        }

        var result = new List<PlacedEdge>(edges.Count);
        for (var e = 0; e < edges.Count; e++)
        {
            var edge = edges[e];
            if (!index.TryGetValue(edge.From, out var a))
            {
                continue;
            }

            var source = placed[a];
            if (!index.TryGetValue(edge.To, out var b))
            {
                // A way to a step that does not exist: a short stub ending in a marker.
                var start = new FlowPoint(source.X, source.Y + (source.Height / 2));
                var stub = new FlowPoint(source.X + 24, start.Y + 34);
                result.Add(new PlacedEdge(edge, [start, stub], stub, false, true));
                continue;
            }

            var target = placed[b];
            if (a == b)
            {
                var right = source.X + (source.Width / 2);
                var loop = new FlowPoint[] { new(right, source.Y - 8), new(right + 34, source.Y), new(right, source.Y + 8) };
                result.Add(new PlacedEdge(edge, loop, loop[1], true, false));
                continue;
            }

            var slots = source.Pinned || target.Pinned || !chains.TryGetValue(e, out var chain)
                ? []
                : chain.Select(s => new FlowPoint(Math.Round(x[s]), Math.Round(layerY[itemLayer[s]]))).ToList();
            if (back.Contains(e))
            {
                // Back up the chart along the right-hand sides, through the slots of its (reversed) chain.
                slots.Reverse();
                var from = new FlowPoint(source.X + (source.Width / 2), source.Y);
                var to = new FlowPoint(target.X + (target.Width / 2), target.Y);
                var points = new List<FlowPoint> { from };
                if (slots.Count == 0)
                {
                    points.Add(new FlowPoint(Math.Max(from.X, to.X) + 36, (from.Y + to.Y) / 2));
                }
                else
                {
                    points.AddRange(slots);
                }

                points.Add(to);
                result.Add(new PlacedEdge(edge, points, points[1], true, false));
            }
            else
            {
                var from = new FlowPoint(outPort.GetValueOrDefault(e, source.X), source.Y + (source.Height / 2));
                var to = new FlowPoint(inPort.GetValueOrDefault(e, target.X), target.Y - (target.Height / 2));
                var points = new List<FlowPoint> { from };
                points.AddRange(slots);
                points.Add(to);
                var label = new FlowPoint((points[0].X + points[1].X) / 2, points[0].Y + Math.Min(26, (points[1].Y - points[0].Y) / 2));
                result.Add(new PlacedEdge(edge, points, label, false, false));
            }
        }

        return result;
    }

    private static void Spread(List<int> edges, PlacedNode node, Dictionary<int, double> ports)
    {
        var usable = node.Node.Kind == "decision" ? 0 : node.Width * 0.7;
        for (var i = 0; i < edges.Count; i++)
        {
            ports[edges[i]] = edges.Count == 1 ? node.X : node.X - (usable / 2) + (usable * i / (edges.Count - 1));
        }
    }
}
