using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Iso.Web.Procedures;

/// <summary>A form field of a step as the step editor edits it.</summary>
public sealed class FieldModel
{
    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = "string";

    public string? Label { get; set; }

    public bool Required { get; set; }
}

/// <summary>An outcome of a step as the step editor edits it.</summary>
public sealed class OutcomeModel
{
    public string Name { get; set; } = string.Empty;

    public string? Label { get; set; }

    public bool RequireComment { get; set; }

    public string To { get; set; } = string.Empty;
}

/// <summary>A branch of a decision: a condition in the expression language (JavaScript over <c>vars</c>) and where it leads.</summary>
public sealed class BranchModel
{
    public string When { get; set; } = string.Empty;

    public string To { get; set; } = string.Empty;
}

/// <summary>One node as the step editor edits it. Which members count depends on <see cref="Kind"/>; whatever the editor
/// does not show (<c>set</c>, <c>assignee</c>, <c>onOverdue</c>, action parameters) is kept as it was when applied.</summary>
public sealed class StepModel
{
    public string Id { get; set; } = string.Empty;

    public string Kind { get; set; } = "userTask";

    public string Title { get; set; } = string.Empty;

    public string? Instructions { get; set; }

    public string Role { get; set; } = "Staff";

    public string? Unit { get; set; }

    /// <summary><c>days</c>, <c>hours</c> or <c>none</c> (not counted).</summary>
    public string DurationUnit { get; set; } = "days";

    public decimal? DurationValue { get; set; }

    public List<FieldModel> Form { get; } = [];

    public List<OutcomeModel> Outcomes { get; } = [];

    public List<BranchModel> Branches { get; } = [];

    public string? Otherwise { get; set; }

    /// <summary>Fork: the parallel branches; join, timer, action, start: one entry, the next node.</summary>
    public List<string> Targets { get; } = [];

    public string JoinMode { get; set; } = "all";

    public string? Result { get; set; }

    public string? Action { get; set; }
}

/// <summary>Edits of a definition's JSON made by the flowchart and the step editor: add, remove, connect, change a node,
/// copy and paste nodes. Each takes the text and returns the new text, leaving everything else as it was, so the chart,
/// the step table and the JSON stay one definition. Pure.</summary>
public static partial class DefinitionEditor
{
    public static readonly string[] NodeKinds = ["userTask", "decision", "fork", "join", "timer", "end"];

    public static readonly string[] FieldTypes = ["string", "text", "number", "boolean", "date"];

    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The root object and its nodes array; throws <see cref="JsonException"/> for text that is not a definition object.</summary>
    private static (JsonObject Root, JsonArray Nodes) Open(string json)
    {
        var root = JsonNode.Parse(json, documentOptions: ReadOptions) as JsonObject ?? throw new JsonException("A definition is a JSON object.");
        if (root["nodes"] is not JsonArray nodes)
        {
            nodes = [];
            root["nodes"] = nodes;
        }

        return (root, nodes);
    }

    private static string Write(JsonObject root) => root.ToJsonString(WriteOptions);

    /// <summary>The node ids of a definition text, in order; empty when it does not parse.</summary>
    public static IReadOnlyList<string> NodeIds(string json)
    {
        try
        {
            return [.. Open(json).Nodes.OfType<JsonObject>().Select(n => FlowchartGraph.Text(n["id"])).OfType<string>()];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Adds a node of <paramref name="kind"/> with a fresh id (before the end nodes); a human step gets one outcome
    /// leading to <paramref name="to"/>. Returns the new text and the id.</summary>
    public static (string Json, string Id) AddNode(string json, string kind, string title, string outcomeLabel, string? to)
    {
        var (root, nodes) = Open(json);
        var id = NewId(nodes, kind == "userTask" ? "buoc" : kind);
        var target = to ?? string.Empty;
        JsonObject node = kind switch
        {
            "userTask" => new JsonObject
            {
                ["id"] = id, ["type"] = "userTask", ["title"] = title,
                ["candidate"] = new JsonObject { ["role"] = "Staff" },
                ["duration"] = new JsonObject { ["workingDays"] = 1 },
                ["outcomes"] = new JsonArray(new JsonObject { ["name"] = "done", ["label"] = outcomeLabel, ["to"] = target }),
            },
            "decision" => new JsonObject
            {
                ["id"] = id, ["type"] = "decision",
                ["branches"] = new JsonArray(new JsonObject { ["when"] = "true", ["to"] = target }),
                ["otherwise"] = target,
            },
            "fork" => new JsonObject { ["id"] = id, ["type"] = "fork", ["to"] = new JsonArray(target, target) },
            "join" => new JsonObject { ["id"] = id, ["type"] = "join", ["mode"] = "all", ["to"] = target },
            "timer" => new JsonObject { ["id"] = id, ["type"] = "timer", ["duration"] = new JsonObject { ["workingDays"] = 1 }, ["to"] = target },
            "end" => new JsonObject { ["id"] = id, ["type"] = "end", ["result"] = "completed" },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown node kind."),
        };
        nodes.Insert(EndIndex(nodes), node);
        return (Write(root), id);
    }

    /// <summary>Removes a node. Ways that led to it are left pointing at the missing id, so the validator shows each of them
    /// next to its step and nothing is rewired behind the officer's back.</summary>
    public static string RemoveNode(string json, string id)
    {
        var (root, nodes) = Open(json);
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            if (nodes[i] is JsonObject n && FlowchartGraph.Text(n["id"]) == id)
            {
                nodes.RemoveAt(i);
            }
        }

        return Write(root);
    }

    /// <summary>Points the way <paramref name="exit"/> of node <paramref name="from"/> (as <see cref="FlowEdge.Exit"/> names it)
    /// at <paramref name="to"/>.</summary>
    public static string Connect(string json, string from, string exit, string to)
    {
        var (root, nodes) = Open(json);
        var node = Find(nodes, from) ?? throw new ArgumentException($"No node '{from}'.", nameof(from));
        var match = ExitPattern().Match(exit);
        if (!match.Success)
        {
            throw new ArgumentException($"Unknown exit '{exit}'.", nameof(exit));
        }

        var name = match.Groups["name"].Value;
        if (match.Groups["index"].Success)
        {
            var i = int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture);
            var array = node[name] as JsonArray ?? throw new ArgumentException($"No '{name}' in '{from}'.", nameof(exit));
            if (i >= array.Count)
            {
                throw new ArgumentException($"No {exit} in '{from}'.", nameof(exit));
            }

            if (name == "to")
            {
                array[i] = to;
            }
            else
            {
                ((JsonObject)array[i]!)["to"] = to;
            }
        }
        else
        {
            node[name] = to;
        }

        return Write(root);
    }

    /// <summary>Adds a new outcome to a human step (or a branch to a decision, a branch to a fork) leading to <paramref name="to"/>;
    /// returns the text and the exit.</summary>
    public static (string Json, string Exit) AddExit(string json, string from, string to, string label)
    {
        var (root, nodes) = Open(json);
        var node = Find(nodes, from) ?? throw new ArgumentException($"No node '{from}'.", nameof(from));
        string exit;
        switch (FlowchartGraph.Text(node["type"]))
        {
            case "userTask":
                var outcomes = node["outcomes"] as JsonArray ?? [];
                node["outcomes"] = outcomes;
                var used = outcomes.OfType<JsonObject>().Select(o => FlowchartGraph.Text(o["name"])).OfType<string>().ToHashSet(StringComparer.Ordinal);
                var name = Enumerable.Range(1, 1000).Select(n => "outcome" + n.ToString(CultureInfo.InvariantCulture)).First(n => !used.Contains(n));
                outcomes.Add(new JsonObject { ["name"] = name, ["label"] = label, ["to"] = to });
                exit = $"outcomes[{outcomes.Count - 1}]";
                break;
            case "decision":
                var branches = node["branches"] as JsonArray ?? [];
                node["branches"] = branches;
                branches.Add(new JsonObject { ["when"] = "true", ["to"] = to });
                exit = $"branches[{branches.Count - 1}]";
                break;
            case "fork":
                var targets = node["to"] as JsonArray ?? [];
                node["to"] = targets;
                targets.Add(to);
                exit = $"to[{targets.Count - 1}]";
                break;
            default:
                node["to"] = to;
                exit = "to";
                break;
        }

        return (Write(root), exit);
    }

    /// <summary>The node <paramref name="id"/> as the step editor shows it; null when there is none.</summary>
    public static StepModel? ReadStep(string json, string id)
    {
        JsonObject? node;
        try
        {
            node = Find(Open(json).Nodes, id);
        }
        catch (JsonException)
        {
            return null;
        }

        if (node is null)
        {
            return null;
        }

        var text = FlowchartGraph.Text;
        var model = new StepModel
        {
            Id = id,
            Kind = text(node["type"]) ?? "userTask",
            Title = text(node["title"]) ?? string.Empty,
            Instructions = text(node["instructions"]),
            Role = text((node["candidate"] as JsonObject)?["role"]) ?? "Staff",
            Unit = text((node["candidate"] as JsonObject)?["unit"]),
            Otherwise = text(node["otherwise"]),
            JoinMode = text(node["mode"]) ?? "all",
            Result = text(node["result"]),
            Action = text(node["action"]),
        };
        if (node["duration"] is JsonObject duration)
        {
            if (duration["workingHours"] is JsonValue h && h.TryGetValue<decimal>(out var hours))
            {
                (model.DurationUnit, model.DurationValue) = ("hours", hours);
            }
            else if (duration["workingDays"] is JsonValue d && d.TryGetValue<decimal>(out var days))
            {
                (model.DurationUnit, model.DurationValue) = ("days", days);
            }
            else
            {
                (model.DurationUnit, model.DurationValue) = ("none", null);
            }
        }
        else
        {
            (model.DurationUnit, model.DurationValue) = ("none", null);
        }

        foreach (var field in (node["form"] as JsonArray ?? []).OfType<JsonObject>())
        {
            model.Form.Add(new FieldModel
            {
                Name = text(field["name"]) ?? string.Empty,
                Type = text(field["type"]) ?? "string",
                Label = text(field["label"]),
                Required = field["required"] is JsonValue r && r.TryGetValue<bool>(out var required) && required,
            });
        }

        foreach (var outcome in (node["outcomes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            model.Outcomes.Add(new OutcomeModel
            {
                Name = text(outcome["name"]) ?? string.Empty,
                Label = text(outcome["label"]),
                RequireComment = outcome["requireComment"] is JsonValue c && c.TryGetValue<bool>(out var comment) && comment,
                To = text(outcome["to"]) ?? string.Empty,
            });
        }

        foreach (var branch in (node["branches"] as JsonArray ?? []).OfType<JsonObject>())
        {
            model.Branches.Add(new BranchModel { When = text(branch["when"]) ?? string.Empty, To = text(branch["to"]) ?? string.Empty });
        }

        switch (node["to"])
        {
            case JsonArray many:
                model.Targets.AddRange(many.Select(t => text(t) ?? string.Empty));
                break;
            case JsonValue one when text(one) is { } to:
                model.Targets.Add(to);
                break;
        }

        return model;
    }

    /// <summary>Writes the step editor's model into node <paramref name="originalId"/> (renaming it, and every way to it, when
    /// the id changed). Members the model does not carry stay as they were.</summary>
    public static string ApplyStep(string json, string originalId, StepModel step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var (root, nodes) = Open(json);
        var node = Find(nodes, originalId) ?? throw new ArgumentException($"No node '{originalId}'.", nameof(originalId));
        var id = string.IsNullOrWhiteSpace(step.Id) ? originalId : step.Id.Trim();
        if (id != originalId)
        {
            node["id"] = id;
            Retarget(nodes, new Dictionary<string, string>(StringComparer.Ordinal) { [originalId] = id });
        }

        switch (FlowchartGraph.Text(node["type"]))
        {
            case "userTask":
                node["title"] = step.Title;
                SetOrRemove(node, "instructions", string.IsNullOrWhiteSpace(step.Instructions) ? null : step.Instructions);
                var candidate = node["candidate"] as JsonObject ?? [];
                candidate["role"] = step.Role;
                SetOrRemove(candidate, "unit", string.IsNullOrWhiteSpace(step.Unit) ? null : step.Unit.Trim());
                node["candidate"] = candidate;
                node["duration"] = Duration(step);
                ApplyForm(node, step.Form);
                ApplyOutcomes(node, step.Outcomes);
                break;
            case "decision":
                var branches = new JsonArray();
                var old = node["branches"] as JsonArray ?? [];
                for (var i = 0; i < step.Branches.Count; i++)
                {
                    var copy = i < old.Count && old[i] is JsonObject o ? (JsonObject)o.DeepClone() : [];
                    copy["when"] = step.Branches[i].When;
                    copy["to"] = step.Branches[i].To;
                    branches.Add(copy);
                }

                node["branches"] = branches;
                SetOrRemove(node, "otherwise", string.IsNullOrWhiteSpace(step.Otherwise) ? null : step.Otherwise);
                break;
            case "fork":
                node["to"] = new JsonArray([.. step.Targets.Select(t => (JsonNode?)JsonValue.Create(t))]);
                break;
            case "join":
                node["mode"] = step.JoinMode;
                node["to"] = step.Targets.FirstOrDefault() ?? string.Empty;
                break;
            case "timer":
                node["duration"] = step.DurationUnit == "hours"
                    ? new JsonObject { ["workingHours"] = JsonValue.Create(step.DurationValue ?? 0) }
                    : new JsonObject { ["workingDays"] = JsonValue.Create(step.DurationValue ?? 0) };
                node["to"] = step.Targets.FirstOrDefault() ?? string.Empty;
                break;
            case "start":
            case "action":
                node["to"] = step.Targets.FirstOrDefault() ?? string.Empty;
                break;
            case "end":
                node["result"] = string.IsNullOrWhiteSpace(step.Result) ? "completed" : step.Result.Trim();
                break;
        }

        return Write(root);
    }

    /// <summary>The nodes <paramref name="ids"/> as a JSON array text, for the clipboard.</summary>
    public static string Copy(string json, IEnumerable<string> ids)
    {
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var (_, nodes) = Open(json);
        var copied = new JsonArray([.. nodes.OfType<JsonObject>().Where(n => FlowchartGraph.Text(n["id"]) is { } id && wanted.Contains(id)).Select(n => n.DeepClone())]);
        return copied.ToJsonString(WriteOptions);
    }

    /// <summary>Pastes copied nodes (a JSON array text) before the end nodes. A pasted id already in use is renamed
    /// (<c>assign</c> → <c>assign-2</c>), and ways between pasted nodes follow the new ids; ways to nodes that were not
    /// copied stay as they were (the validator tells when such a node is missing here). Start nodes are not pasted.
    /// Returns the new text and the pasted ids.</summary>
    public static (string Json, IReadOnlyList<string> Ids) Paste(string json, string clipboard)
    {
        var (root, nodes) = Open(json);
        if (JsonNode.Parse(clipboard, documentOptions: ReadOptions) is not JsonArray copied)
        {
            throw new JsonException("The clipboard holds no steps.");
        }

        var used = nodes.OfType<JsonObject>().Select(n => FlowchartGraph.Text(n["id"])).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var pasted = copied.OfType<JsonObject>().Where(n => FlowchartGraph.Text(n["type"]) is { } t && t != "start" && FlowchartGraph.Text(n["id"]) is not null)
            .Select(n => (JsonObject)n.DeepClone()).ToList();
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in pasted)
        {
            var id = FlowchartGraph.Text(node["id"])!;
            var fresh = id;
            for (var n = 2; used.Contains(fresh); n++)
            {
                fresh = $"{id}-{n.ToString(CultureInfo.InvariantCulture)}";
            }

            used.Add(fresh);
            renames[id] = fresh;
            node["id"] = fresh;
        }

        var at = EndIndex(nodes);
        var pastedNodes = new JsonArray([.. pasted]);
        Retarget(pastedNodes, renames);

        foreach (var node in pasted)
        {
            pastedNodes.Remove(node);
            nodes.Insert(at++, node);
        }

        return (Write(root), [.. renames.Values]);
    }

    /// <summary>Checks a decision condition: its syntax (the engine's parser) and the case variables it reads
    /// (<c>vars.name</c> or <c>vars["name"]</c>) against the definition's variables and form fields. Null when fine.</summary>
    public static string? CheckCondition(string condition, IReadOnlyCollection<string> variables, Func<string, string> unknownVariable)
    {
        ArgumentNullException.ThrowIfNull(unknownVariable);
        if (string.IsNullOrWhiteSpace(condition))
        {
            return null;
        }

        if (Iso.Workflows.Expressions.ExpressionEvaluator.CheckSyntax(condition) is { } syntax)
        {
            return syntax;
        }

        var unknown = VariablePattern().Matches(condition)
            .Select(m => m.Groups["dot"].Success ? m.Groups["dot"].Value : m.Groups["key"].Value)
            .Where(name => !variables.Contains(name))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return unknown.Count == 0 ? null : unknownVariable(string.Join(", ", unknown));
    }

    /// <summary>The names a condition may read: declared variables and every form field of the definition.</summary>
    public static IReadOnlyList<string> VariableNames(string json)
    {
        try
        {
            var (root, nodes) = Open(json);
            var declared = (root["variables"] as JsonArray ?? []).OfType<JsonObject>().Select(v => FlowchartGraph.Text(v["name"]));
            var fields = nodes.OfType<JsonObject>().SelectMany(n => (n["form"] as JsonArray ?? []).OfType<JsonObject>()).Select(f => FlowchartGraph.Text(f["name"]));
            return [.. declared.Concat(fields).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static JsonObject? Find(JsonArray nodes, string id) =>
        nodes.OfType<JsonObject>().FirstOrDefault(n => FlowchartGraph.Text(n["id"]) == id);

    private static int EndIndex(JsonArray nodes) =>
        nodes.Select((n, i) => (n, i)).Where(x => FlowchartGraph.Text(x.n?["type"]) == "end").Select(x => x.i).DefaultIfEmpty(nodes.Count).First();

    private static string NewId(JsonArray nodes, string prefix)
    {
        var used = nodes.OfType<JsonObject>().Select(n => FlowchartGraph.Text(n["id"])).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(1, int.MaxValue - 1).Select(i => $"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}").First(id => !used.Contains(id));
    }

    /// <summary>Every way in <paramref name="nodes"/> to a renamed id now leads to its new id (one pass, so renames never chain).</summary>
    private static void Retarget(JsonArray nodes, Dictionary<string, string> renames)
    {
        string? Renamed(JsonNode? target) => FlowchartGraph.Text(target) is { } old && renames.TryGetValue(old, out var fresh) ? fresh : null;

        foreach (var node in nodes.OfType<JsonObject>())
        {
            foreach (var name in new[] { "outcomes", "branches" })
            {
                foreach (var way in (node[name] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (Renamed(way["to"]) is { } fresh)
                    {
                        way["to"] = fresh;
                    }
                }
            }

            if (Renamed(node["otherwise"]) is { } otherwise)
            {
                node["otherwise"] = otherwise;
            }

            switch (node["to"])
            {
                case JsonArray many:
                    for (var i = 0; i < many.Count; i++)
                    {
                        if (Renamed(many[i]) is { } fresh)
                        {
                            many[i] = fresh;
                        }
                    }

                    break;
                case JsonValue one when Renamed(one) is { } fresh:
                    node["to"] = fresh;
                    break;
            }

            if (FlowchartGraph.Text(node["assignee"]) is { } assignee && assignee.StartsWith("sameAs:", StringComparison.Ordinal)
                && renames.TryGetValue(assignee["sameAs:".Length..], out var same))
            {
                node["assignee"] = "sameAs:" + same;
            }
        }
    }

    private static JsonObject Duration(StepModel step) => step.DurationUnit switch
    {
        "hours" when step.DurationValue is { } h => new JsonObject { ["workingHours"] = JsonValue.Create(h) },
        "days" when step.DurationValue is { } d => new JsonObject { ["workingDays"] = JsonValue.Create(d) },
        _ => new JsonObject { ["notCounted"] = true },
    };

    private static void ApplyForm(JsonObject node, List<FieldModel> form)
    {
        if (form.Count == 0)
        {
            node.Remove("form");
            return;
        }

        var old = node["form"] as JsonArray ?? [];
        var fields = new JsonArray();
        foreach (var field in form)
        {
            var existing = old.OfType<JsonObject>().FirstOrDefault(f => FlowchartGraph.Text(f["name"]) == field.Name);
            var copy = existing is null ? [] : (JsonObject)existing.DeepClone();
            copy["name"] = field.Name;
            copy["type"] = field.Type;
            SetOrRemove(copy, "label", string.IsNullOrWhiteSpace(field.Label) ? null : field.Label);
            if (field.Required)
            {
                copy["required"] = true;
            }
            else
            {
                copy.Remove("required");
            }

            fields.Add(copy);
        }

        node["form"] = fields;
    }

    private static void ApplyOutcomes(JsonObject node, List<OutcomeModel> outcomes)
    {
        var old = node["outcomes"] as JsonArray ?? [];
        var result = new JsonArray();
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            var existing = old.OfType<JsonObject>().FirstOrDefault(o => FlowchartGraph.Text(o["name"]) == outcome.Name)
                ?? (i < old.Count ? old[i] as JsonObject : null);
            var copy = existing is null ? [] : (JsonObject)existing.DeepClone();
            copy["name"] = outcome.Name;
            SetOrRemove(copy, "label", string.IsNullOrWhiteSpace(outcome.Label) ? null : outcome.Label);
            copy["to"] = outcome.To;
            if (outcome.RequireComment)
            {
                copy["requireComment"] = true;
            }
            else
            {
                copy.Remove("requireComment");
            }

            result.Add(copy);
        }

        node["outcomes"] = result;
    }

    private static void SetOrRemove(JsonObject node, string name, string? value)
    {
        if (value is null)
        {
            node.Remove(name);
        }
        else
        {
            node[name] = value;
        }
    }

    [GeneratedRegex(@"^(?<name>outcomes|branches|to)\[(?<index>\d+)\]$|^(?<name>otherwise|to)$", RegexOptions.CultureInvariant)]
    private static partial Regex ExitPattern();

    [GeneratedRegex(@"\bvars\s*(?:\.\s*(?<dot>[A-Za-z_$][\w$]*)|\[\s*(?<q>['""])(?<key>[^'""]+)\k<q>\s*\])", RegexOptions.CultureInvariant)]
    private static partial Regex VariablePattern();
}
