using System.Text.Json;
using System.Text.Json.Nodes;

namespace Iso.Web.Procedures;

/// <summary>One node of the chart: its id, kind (the definition's <c>type</c>), what it says and where it stands in <c>nodes</c>.</summary>
public sealed record FlowNode(string Id, string Kind, string Title, string? Subtitle, int Index)
{
    /// <summary>A human step's role, unit and allotted time (<c>2d</c>, <c>4h</c>), shown under its title.</summary>
    public string? Role { get; init; }

    public string? Unit { get; init; }

    public string? Duration { get; init; }
}

/// <summary>A way from one node to another. <see cref="Exit"/> names the way out in the source node (see
/// <see cref="DefinitionEditor.Connect"/>): <c>outcomes[i]</c>, <c>branches[i]</c>, <c>otherwise</c>, <c>to[i]</c> or <c>to</c>.</summary>
public sealed record FlowEdge(string From, string To, string Exit, string? Label);

/// <summary>The nodes and ways of a definition, read leniently from its JSON so that a draft with problems (a way to a
/// step that does not exist, a missing title) still draws: the chart is how an officer finds and fixes those.</summary>
public sealed record FlowchartGraph(IReadOnlyList<FlowNode> Nodes, IReadOnlyList<FlowEdge> Edges)
{
    public static readonly FlowchartGraph Empty = new([], []);

    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The graph of <paramref name="json"/>; empty when the text is not a JSON object with a <c>nodes</c> array.</summary>
    public static FlowchartGraph FromJson(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: ReadOptions);
        }
        catch (JsonException)
        {
            return Empty;
        }

        return root is JsonObject o && o["nodes"] is JsonArray nodes ? FromNodes(nodes) : Empty;
    }

    /// <summary>The graph of a <c>nodes</c> array. Nodes without an id are left out; duplicate ids keep the first.</summary>
    public static FlowchartGraph FromNodes(JsonArray nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var list = new List<FlowNode>();
        var edges = new List<FlowEdge>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is not JsonObject node || Text(node["id"]) is not { Length: > 0 } id || !seen.Add(id))
            {
                continue;
            }

            var kind = Text(node["type"]) ?? "unknown";
            var candidate = node["candidate"] as JsonObject;
            list.Add(new FlowNode(id, kind, TitleOf(node, kind, id), SubtitleOf(node, kind), i)
            {
                Role = Text(candidate?["role"]),
                Unit = Text(candidate?["unit"]),
                Duration = kind == "userTask" ? DurationText(node["duration"] as JsonObject) : null,
            });
            edges.AddRange(ExitsOf(id, node));
        }

        return new FlowchartGraph(list, edges);
    }

    /// <summary>The ways out of one node, in the order the definition lists them.</summary>
    public static IEnumerable<FlowEdge> ExitsOf(string id, JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node["outcomes"] is JsonArray outcomes)
        {
            for (var i = 0; i < outcomes.Count; i++)
            {
                if (outcomes[i] is JsonObject outcome)
                {
                    yield return new FlowEdge(id, Text(outcome["to"]) ?? string.Empty, $"outcomes[{i}]", Text(outcome["label"]) ?? Text(outcome["name"]));
                }
            }
        }

        if (node["branches"] is JsonArray branches)
        {
            for (var i = 0; i < branches.Count; i++)
            {
                if (branches[i] is JsonObject branch)
                {
                    yield return new FlowEdge(id, Text(branch["to"]) ?? string.Empty, $"branches[{i}]", Text(branch["when"]));
                }
            }
        }

        if (Text(node["otherwise"]) is { } otherwise)
        {
            yield return new FlowEdge(id, otherwise, "otherwise", null);
        }

        switch (node["to"])
        {
            case JsonArray many:
                for (var i = 0; i < many.Count; i++)
                {
                    yield return new FlowEdge(id, Text(many[i]) ?? string.Empty, $"to[{i}]", null);
                }

                break;
            case JsonValue one when Text(one) is { } to:
                yield return new FlowEdge(id, to, "to", null);
                break;
        }
    }

    /// <summary>This graph with the nodes <paramref name="removed"/> taken from <paramref name="older"/> (and their ways to
    /// nodes still drawn), so a comparison shows what went away where it was.</summary>
    public FlowchartGraph WithRemoved(FlowchartGraph older, IReadOnlyCollection<string> removed)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(removed);
        var extra = older.Nodes.Where(n => removed.Contains(n.Id) && Nodes.All(m => m.Id != n.Id)).ToList();
        if (extra.Count == 0)
        {
            return this;
        }

        var ids = Nodes.Select(n => n.Id).Concat(extra.Select(n => n.Id)).ToHashSet(StringComparer.Ordinal);
        var edges = Edges.Concat(older.Edges.Where(e => removed.Contains(e.From) && ids.Contains(e.To)));
        return new FlowchartGraph([.. Nodes, .. extra], [.. edges]);
    }

    internal static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string TitleOf(JsonObject node, string kind, string id) => kind switch
    {
        "userTask" => Text(node["title"]) is { Length: > 0 } title ? title : id,
        "action" => Text(node["action"]) ?? id,
        _ => id,
    };

    private static string? SubtitleOf(JsonObject node, string kind)
    {
        switch (kind)
        {
            case "timer":
                return DurationText(node["duration"] as JsonObject);
            case "join":
                return Text(node["mode"]) ?? "all";
            case "end":
                return Text(node["result"]);
            default:
                return null;
        }
    }

    /// <summary>"2 ngày" style text of a duration object, invariant digits: <c>2d</c>, <c>4h</c>.</summary>
    internal static string? DurationText(JsonObject? duration)
    {
        if (duration is null)
        {
            return null;
        }

        if (duration["workingDays"] is JsonValue d && d.TryGetValue<decimal>(out var days))
        {
            return days.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "d";
        }

        return duration["workingHours"] is JsonValue h && h.TryGetValue<decimal>(out var hours)
            ? hours.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "h"
            : null;
    }
}
