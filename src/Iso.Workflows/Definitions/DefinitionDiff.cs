using System.Globalization;
using System.Text.Json;

namespace Iso.Workflows.Definitions;

public enum ChangeKind
{
    Added = 0,
    Removed = 1,
    Changed = 2,
}

/// <summary>One field that differs: its path inside the step (or the procedure), the old and the new value as JSON text
/// (null when absent).</summary>
public sealed record FieldChange(string Field, string? Old, string? New);

/// <summary>A step (node) added, removed or changed, with the fields that changed.</summary>
public sealed record NodeChange(string NodeId, ChangeKind Kind, string? Title, IReadOnlyList<FieldChange> Fields);

/// <summary>What changed between two versions: the procedure's own fields and its steps, field by field.</summary>
public sealed record DefinitionDiff(IReadOnlyList<FieldChange> Procedure, IReadOnlyList<NodeChange> Nodes)
{
    public bool IsEmpty => Procedure.Count == 0 && Nodes.Count == 0;

    /// <summary>Compares two definition texts. Works on the JSON itself, so a draft with problems can be compared too;
    /// steps are matched by id, outcomes, form fields and variables by name.</summary>
    public static DefinitionDiff Compare(string oldJson, string newJson)
    {
        using var oldDocument = JsonDocument.Parse(oldJson, WorkflowDefinitionLoader.DocumentOptions);
        using var newDocument = JsonDocument.Parse(newJson, WorkflowDefinitionLoader.DocumentOptions);
        var oldRoot = oldDocument.RootElement;
        var newRoot = newDocument.RootElement;

        var procedure = Fields(Flatten(Without(oldRoot, "nodes", "version", "$schema")), Flatten(Without(newRoot, "nodes", "version", "$schema")));
        var oldNodes = NodesById(oldRoot);
        var newNodes = NodesById(newRoot);
        var nodes = new List<NodeChange>();
        foreach (var (id, node) in newNodes)
        {
            if (!oldNodes.TryGetValue(id, out var before))
            {
                nodes.Add(new NodeChange(id, ChangeKind.Added, Title(node), Fields([], Flatten(node))));
            }
            else
            {
                var fields = Fields(Flatten(before), Flatten(node));
                if (fields.Count > 0)
                {
                    nodes.Add(new NodeChange(id, ChangeKind.Changed, Title(node) ?? Title(before), fields));
                }
            }
        }

        foreach (var (id, node) in oldNodes)
        {
            if (!newNodes.ContainsKey(id))
            {
                nodes.Add(new NodeChange(id, ChangeKind.Removed, Title(node), Fields(Flatten(node), [])));
            }
        }

        return new DefinitionDiff(procedure, nodes);
    }

    private static string? Title(JsonElement node) =>
        node.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString() : null;

    private static Dictionary<string, JsonElement> Without(JsonElement root, params string[] names)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in root.EnumerateObject())
            {
                if (!names.Contains(property.Name, StringComparer.Ordinal))
                {
                    result[property.Name] = property.Value;
                }
            }
        }

        return result;
    }

    private static OrderedDictionary<string, JsonElement> NodesById(JsonElement root)
    {
        var nodes = new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal);
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("nodes", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var node in array.EnumerateArray())
            {
                var id = node.ValueKind == JsonValueKind.Object && node.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String
                    ? i.GetString()! : $"#{index}";
                nodes.TryAdd(id, node);

                index++;
            }
        }

        return nodes;
    }

    private static List<FieldChange> Fields(Dictionary<string, string> before, Dictionary<string, string> after)
    {
        var changes = new List<FieldChange>();
        foreach (var (field, value) in after)
        {
            before.TryGetValue(field, out var old);
            if (!string.Equals(old, value, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, old, value));
            }
        }

        foreach (var (field, value) in before)
        {
            if (!after.ContainsKey(field))
            {
                changes.Add(new FieldChange(field, value, null));
            }
        }

        return changes;
    }

    private static Dictionary<string, string> Flatten(Dictionary<string, JsonElement> properties)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            Flatten(value, name, result);
        }

        return result;
    }

    private static Dictionary<string, string> Flatten(JsonElement node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in node.EnumerateObject())
            {
                if (property.Name != "id")
                {
                    Flatten(property.Value, property.Name, result);
                }
            }
        }

        return result;
    }

    /// <summary>Scalars keep their JSON text; objects go one level down; arrays of named objects (outcomes, form fields,
    /// variables, branches by target) are keyed by name so that reordering is not a change of every element.</summary>
    private static void Flatten(JsonElement value, string path, Dictionary<string, string> into)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    Flatten(property.Value, $"{path}.{property.Name}", into);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var key = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                        ? name.GetString()!
                        : index.ToString(CultureInfo.InvariantCulture);
                    Flatten(item, $"{path}[{key}]", into);
                    index++;
                }

                if (index == 0)
                {
                    into[path] = "[]";
                }

                break;
            default:
                into[path] = value.GetRawText();
                break;
        }
    }
}
