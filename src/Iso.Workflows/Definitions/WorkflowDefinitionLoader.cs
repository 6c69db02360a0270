using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Iso.Workflows.Definitions;

/// <summary>
/// Reads a definition (ADR 0003) from JSON into <see cref="WorkflowDefinition"/>, reporting every problem with its
/// JSON path instead of throwing. Malformed JSON becomes one problem with line and position.
/// </summary>
public static partial class WorkflowDefinitionLoader
{
    internal static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses and validates (<see cref="WorkflowDefinitionValidator"/>) one definition.</summary>
    public static DefinitionLoadResult Load(string json, string file = "<input>", IReadOnlyCollection<string>? knownActions = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var problems = new List<DefinitionProblem>();
        var definition = Parse(json, file, problems);
        if (definition is not null)
        {
            WorkflowDefinitionValidator.ValidateGraph(definition, file, problems, knownActions);
        }

        return new DefinitionLoadResult(definition, problems);
    }

    /// <summary>Parses and validates; throws <see cref="InvalidWorkflowDefinitionException"/> listing the problems when invalid.</summary>
    public static WorkflowDefinition LoadValid(string json, string file = "<input>")
    {
        var result = Load(json, file);
        return result.IsValid ? result.Definition! : throw new InvalidWorkflowDefinitionException(result.Problems);
    }

    internal static WorkflowDefinition? Parse(string json, string file, List<DefinitionProblem> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var position = (ex.BytePositionInLine ?? 0) + 1;
            problems.Add(new DefinitionProblem(file, ex.Path ?? "$", $"Malformed JSON at line {line}, position {position}: {FirstSentence(ex.Message)}"));
            return null;
        }

        using (document)
        {
            return new Parser(file, problems).Definition(document.RootElement);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    internal static partial Regex KeyPattern();

    /// <summary>What a definition key looks like: lower-case letters, digits and hyphens.</summary>
    public static Regex KeyPatternPublic => KeyPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    internal static partial Regex IdentifierPattern();

    internal static readonly string[] Roles = ["Administrator", "QualityOfficer", "Leader", "Staff", "Auditor"];

    private sealed class Parser(string file, List<DefinitionProblem> problems)
    {
        private void Problem(string path, string message) => problems.Add(new DefinitionProblem(file, path, message));

        public WorkflowDefinition? Definition(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Problem("$", "A definition must be a JSON object.");
                return null;
            }

            var key = RequiredString(root, "$", "key");
            if (key is not null && !KeyPattern().IsMatch(key))
            {
                Problem("$.key", $"Key '{key}' must match [a-z0-9-]+ (lower-case letters, digits and hyphens).");
            }

            var version = 0;
            if (!root.TryGetProperty("version", out var v))
            {
                Problem("$", "Missing required property 'version'.");
            }
            else if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out version) || version < 1)
            {
                Problem("$.version", "Version must be a positive integer.");
            }

            var name = RequiredString(root, "$", "name");
            var nameEn = OptionalString(root, "$", "nameEn");
            var category = OptionalString(root, "$", "category");
            if (category is not null && category is not ("tthc" or "documentControl" or "recordsControl" or "internalAudit" or "corrective" or "managementReview"))
            {
                Problem("$.category", $"Unknown category '{category}' (expected tthc, documentControl, recordsControl, internalAudit, corrective or managementReview).");
            }

            var appliesTo = StringArray(root, "$", "appliesTo");
            DurationSpec? timeLimit = null;
            if (root.TryGetProperty("timeLimit", out var tl))
            {
                timeLimit = Duration(tl, "$.timeLimit", allowNotCounted: false);
            }

            var intake = false;
            if (root.TryGetProperty("intake", out var ik))
            {
                if (ik.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    intake = ik.GetBoolean();
                }
                else
                {
                    Problem("$.intake", "'intake' must be true or false.");
                }
            }

            var variables = Variables(root);
            ActionCall? onCaseOverdue = root.TryGetProperty("onCaseOverdue", out var oco) ? Action(oco, "$.onCaseOverdue") : null;
            var nodes = Nodes(root, variables);

            return new WorkflowDefinition(key ?? string.Empty, version, name ?? string.Empty, nameEn, category, appliesTo,
                timeLimit, intake, variables, onCaseOverdue, nodes)
            {
                RequiredDocuments = RequiredDocuments(root),
            };
        }

        private List<RequiredDocument> RequiredDocuments(JsonElement root)
        {
            var list = new List<RequiredDocument>();
            if (!root.TryGetProperty("requiredDocuments", out var arr))
            {
                return list;
            }

            if (arr.ValueKind != JsonValueKind.Array)
            {
                Problem("$.requiredDocuments", "'requiredDocuments' must be an array.");
                return list;
            }

            var i = 0;
            foreach (var item in arr.EnumerateArray())
            {
                var path = $"$.requiredDocuments[{i++}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    Problem(path, "A required document must be an object.");
                    continue;
                }

                var name = RequiredString(item, path, "name");
                var copies = 1;
                if (item.TryGetProperty("copies", out var c) && (c.ValueKind != JsonValueKind.Number || !c.TryGetInt32(out copies) || copies < 1 || copies > 99))
                {
                    Problem(path + ".copies", "'copies' must be a whole number from 1 to 99.");
                    copies = 1;
                }

                var optional = false;
                if (item.TryGetProperty("optional", out var o))
                {
                    if (o.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        optional = o.GetBoolean();
                    }
                    else
                    {
                        Problem(path + ".optional", "'optional' must be true or false.");
                    }
                }

                if (name is not null)
                {
                    if (list.Exists(d => string.Equals(d.Name, name, StringComparison.Ordinal)))
                    {
                        Problem(path + ".name", $"Document '{name}' is listed twice.");
                    }

                    list.Add(new RequiredDocument(name, copies, optional));
                }
            }

            return list;
        }

        private List<VariableDefinition> Variables(JsonElement root)
        {
            var list = new List<VariableDefinition>();
            if (!root.TryGetProperty("variables", out var arr))
            {
                return list;
            }

            if (arr.ValueKind != JsonValueKind.Array)
            {
                Problem("$.variables", "'variables' must be an array.");
                return list;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var item in arr.EnumerateArray())
            {
                var path = $"$.variables[{i++}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    Problem(path, "A variable must be an object.");
                    continue;
                }

                var name = RequiredString(item, path, "name");
                if (name is null)
                {
                    continue;
                }

                if (!IdentifierPattern().IsMatch(name))
                {
                    Problem(path + ".name", $"Variable name '{name}' must be an identifier (letters, digits, underscore).");
                }

                if (!seen.Add(name))
                {
                    Problem(path + ".name", $"Duplicate variable '{name}'.");
                }

                var typeText = RequiredString(item, path, "type");
                var type = VariableType.String;
                switch (typeText)
                {
                    case null: break;
                    case "string": type = VariableType.String; break;
                    case "number": type = VariableType.Number; break;
                    case "boolean": type = VariableType.Boolean; break;
                    case "date": type = VariableType.Date; break;
                    default:
                        Problem(path + ".type", $"Unknown variable type '{typeText}' (expected string, number, boolean or date).");
                        break;
                }

                object? defaultValue = null;
                if (item.TryGetProperty("default", out var d) && !VariableValues.TryConvert(d, type, out defaultValue))
                {
                    Problem(path + ".default", $"Default value does not match type '{typeText}'.");
                }

                list.Add(new VariableDefinition(name, type, defaultValue, OptionalString(item, path, "label")));
            }

            return list;
        }

        private List<NodeDefinition> Nodes(JsonElement root, List<VariableDefinition> variables)
        {
            var list = new List<NodeDefinition>();
            if (!root.TryGetProperty("nodes", out var arr))
            {
                Problem("$", "Missing required property 'nodes'.");
                return list;
            }

            if (arr.ValueKind != JsonValueKind.Array)
            {
                Problem("$.nodes", "'nodes' must be an array.");
                return list;
            }

            var i = 0;
            foreach (var item in arr.EnumerateArray())
            {
                var index = i++;
                var path = $"$.nodes[{index}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    Problem(path, "A node must be an object.");
                    continue;
                }

                var id = RequiredString(item, path, "id");
                var type = RequiredString(item, path, "type");
                if (id is null || type is null)
                {
                    continue;
                }

                NodeDefinition? node = type switch
                {
                    "start" => new StartNode(id, index, RequiredString(item, path, "to") ?? string.Empty),
                    "userTask" => UserTask(item, path, id, index, variables),
                    "decision" => Decision(item, path, id, index),
                    "fork" => Fork(item, path, id, index),
                    "join" => Join(item, path, id, index),
                    "timer" => new TimerNode(id, index,
                        item.TryGetProperty("duration", out var td)
                            ? Duration(td, path + ".duration", allowNotCounted: false) ?? DurationSpec.Hours(1)
                            : MissingDuration(path),
                        RequiredString(item, path, "to") ?? string.Empty),
                    "action" => new ActionNode(id, index, RequiredString(item, path, "action") ?? string.Empty,
                        Parameters(item, path), RequiredString(item, path, "to") ?? string.Empty),
                    "end" => new EndNode(id, index, OptionalString(item, path, "result") ?? "completed"),
                    _ => UnknownType(path, type),
                };
                if (node is not null)
                {
                    list.Add(node);
                }
            }

            return list;
        }

        private DurationSpec MissingDuration(string path)
        {
            Problem(path, "Missing required property 'duration'.");
            return DurationSpec.Hours(1);
        }

        private NodeDefinition? UnknownType(string path, string type)
        {
            Problem(path + ".type", $"Unknown node type '{type}' (expected start, userTask, decision, fork, join, timer, action or end).");
            return null;
        }

        private UserTaskNode UserTask(JsonElement item, string path, string id, int index, List<VariableDefinition> variables)
        {
            var title = RequiredString(item, path, "title") ?? string.Empty;
            var instructions = OptionalString(item, path, "instructions");
            var candidate = new CandidateSpec(string.Empty, null);
            if (!item.TryGetProperty("candidate", out var c))
            {
                Problem(path, "Missing required property 'candidate'.");
            }
            else if (c.ValueKind != JsonValueKind.Object)
            {
                Problem(path + ".candidate", "'candidate' must be an object with 'role' and optional 'unit'.");
            }
            else
            {
                var role = RequiredString(c, path + ".candidate", "role") ?? string.Empty;
                if (role.Length > 0 && Array.IndexOf(Roles, role) < 0)
                {
                    Problem(path + ".candidate.role", $"Unknown role '{role}' (expected {string.Join(", ", Roles)}).");
                }

                candidate = new CandidateSpec(role, OptionalString(c, path + ".candidate", "unit"));
            }

            var assignee = OptionalString(item, path, "assignee");
            DurationSpec? duration = item.TryGetProperty("duration", out var d) ? Duration(d, path + ".duration", allowNotCounted: true) : null;
            var form = Form(item, path);
            var outcomes = new List<OutcomeDefinition>();
            if (!item.TryGetProperty("outcomes", out var outs) || outs.ValueKind != JsonValueKind.Array)
            {
                Problem(path + (outs.ValueKind == JsonValueKind.Undefined ? string.Empty : ".outcomes"),
                    "A userTask needs an 'outcomes' array with at least one outcome.");
            }
            else
            {
                var j = 0;
                foreach (var o in outs.EnumerateArray())
                {
                    var op = $"{path}.outcomes[{j++}]";
                    if (o.ValueKind != JsonValueKind.Object)
                    {
                        Problem(op, "An outcome must be an object.");
                        continue;
                    }

                    var name = RequiredString(o, op, "name") ?? string.Empty;
                    var to = RequiredString(o, op, "to") ?? string.Empty;
                    var set = new Dictionary<string, object?>(StringComparer.Ordinal);
                    if (o.TryGetProperty("set", out var s))
                    {
                        if (s.ValueKind != JsonValueKind.Object)
                        {
                            Problem(op + ".set", "'set' must be an object of variable names and values.");
                        }
                        else
                        {
                            foreach (var prop in s.EnumerateObject())
                            {
                                var variable = variables.Find(x => x.Name == prop.Name);
                                if (variable is null)
                                {
                                    Problem($"{op}.set.{prop.Name}", $"Unknown variable '{prop.Name}' (declare it in 'variables').");
                                }
                                else if (!VariableValues.TryConvert(prop.Value, variable.Type, out var value))
                                {
                                    Problem($"{op}.set.{prop.Name}", $"Value does not match the type of variable '{prop.Name}'.");
                                }
                                else
                                {
                                    set[prop.Name] = value;
                                }
                            }
                        }
                    }

                    var requireComment = o.TryGetProperty("requireComment", out var rc) && rc.ValueKind == JsonValueKind.True;
                    outcomes.Add(new OutcomeDefinition(name, OptionalString(o, op, "label"), to, set, requireComment));
                }
            }

            ActionCall? onOverdue = item.TryGetProperty("onOverdue", out var oo) ? Action(oo, path + ".onOverdue") : null;
            return new UserTaskNode(id, index, title, instructions, candidate, assignee, duration, form, outcomes, onOverdue);
        }

        private List<FormField> Form(JsonElement item, string path)
        {
            var list = new List<FormField>();
            if (!item.TryGetProperty("form", out var arr))
            {
                return list;
            }

            if (arr.ValueKind != JsonValueKind.Array)
            {
                Problem(path + ".form", "'form' must be an array of fields.");
                return list;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var f in arr.EnumerateArray())
            {
                var fp = $"{path}.form[{i++}]";
                if (f.ValueKind != JsonValueKind.Object)
                {
                    Problem(fp, "A form field must be an object.");
                    continue;
                }

                var name = RequiredString(f, fp, "name") ?? string.Empty;
                if (name.Length > 0 && !names.Add(name))
                {
                    Problem(fp + ".name", $"Duplicate form field '{name}'.");
                }

                var typeText = OptionalString(f, fp, "type") ?? "string";
                FieldType type;
                switch (typeText)
                {
                    case "string": type = FieldType.String; break;
                    case "text": type = FieldType.Text; break;
                    case "number": type = FieldType.Number; break;
                    case "boolean": type = FieldType.Boolean; break;
                    case "date": type = FieldType.Date; break;
                    default:
                        Problem(fp + ".type", $"Unknown field type '{typeText}' (expected string, text, number, boolean or date).");
                        type = FieldType.String;
                        break;
                }

                var required = f.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
                list.Add(new FormField(name, type, OptionalString(f, fp, "label"), required));
            }

            return list;
        }

        private DecisionNode Decision(JsonElement item, string path, string id, int index)
        {
            var branches = new List<DecisionBranch>();
            if (!item.TryGetProperty("branches", out var arr) || arr.ValueKind != JsonValueKind.Array)
            {
                Problem(path, "A decision needs a 'branches' array.");
            }
            else
            {
                var i = 0;
                foreach (var b in arr.EnumerateArray())
                {
                    var bp = $"{path}.branches[{i++}]";
                    if (b.ValueKind != JsonValueKind.Object)
                    {
                        Problem(bp, "A branch must be an object with 'when' and 'to'.");
                        continue;
                    }

                    branches.Add(new DecisionBranch(RequiredString(b, bp, "when") ?? string.Empty, RequiredString(b, bp, "to") ?? string.Empty));
                }
            }

            return new DecisionNode(id, index, branches, OptionalString(item, path, "otherwise"));
        }

        private ForkNode Fork(JsonElement item, string path, string id, int index)
        {
            var to = new List<string>();
            if (!item.TryGetProperty("to", out var arr) || arr.ValueKind != JsonValueKind.Array)
            {
                Problem(path, "A fork needs a 'to' array of at least two nodes.");
            }
            else
            {
                var i = 0;
                foreach (var t in arr.EnumerateArray())
                {
                    if (t.ValueKind == JsonValueKind.String)
                    {
                        to.Add(t.GetString()!);
                    }
                    else
                    {
                        Problem($"{path}.to[{i}]", "A fork target must be a node id (string).");
                    }

                    i++;
                }

                if (to.Count < 2)
                {
                    Problem(path + ".to", "A fork needs at least two branches.");
                }
            }

            return new ForkNode(id, index, to);
        }

        private JoinNode Join(JsonElement item, string path, string id, int index)
        {
            var modeText = OptionalString(item, path, "mode") ?? "all";
            var mode = JoinMode.All;
            if (modeText == "any")
            {
                mode = JoinMode.Any;
            }
            else if (modeText != "all")
            {
                Problem(path + ".mode", $"Unknown join mode '{modeText}' (expected all or any).");
            }

            return new JoinNode(id, index, mode, RequiredString(item, path, "to") ?? string.Empty);
        }

        private ActionCall? Action(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Problem(path, "Expected an object { \"action\": name, \"parameters\": { … } }.");
                return null;
            }

            var action = RequiredString(element, path, "action");
            return action is null ? null : new ActionCall(action, Parameters(element, path));
        }

        private JsonElement? Parameters(JsonElement element, string path)
        {
            if (!element.TryGetProperty("parameters", out var p))
            {
                return null;
            }

            if (p.ValueKind != JsonValueKind.Object)
            {
                Problem(path + ".parameters", "'parameters' must be an object.");
                return null;
            }

            return p.Clone();
        }

        internal DurationSpec? Duration(JsonElement element, string path, bool allowNotCounted)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Problem(path, "A duration must be an object: { \"workingDays\": n } or { \"workingHours\": n }.");
                return null;
            }

            decimal? days = null, hours = null;
            var notCounted = false;
            var count = 0;
            foreach (var prop in element.EnumerateObject())
            {
                switch (prop.Name)
                {
                    case "workingDays":
                        days = PositiveNumber(prop.Value, path + ".workingDays", 365m);
                        count++;
                        break;
                    case "workingHours":
                        hours = PositiveNumber(prop.Value, path + ".workingHours", 365m * 8m);
                        count++;
                        break;
                    case "notCounted":
                        if (!allowNotCounted)
                        {
                            Problem(path + ".notCounted", "This duration must be counted (use workingDays or workingHours).");
                        }
                        else if (prop.Value.ValueKind != JsonValueKind.True)
                        {
                            Problem(path + ".notCounted", "'notCounted' can only be true.");
                        }

                        notCounted = true;
                        count++;
                        break;
                    default:
                        Problem($"{path}.{prop.Name}", $"Unknown duration property '{prop.Name}' (expected workingDays, workingHours or notCounted).");
                        break;
                }
            }

            if (count == 0)
            {
                Problem(path, "Invalid duration: give workingDays or workingHours.");
                return null;
            }

            if (count > 1)
            {
                Problem(path, "Invalid duration: give only one of workingDays, workingHours, notCounted.");
            }

            if (notCounted && allowNotCounted)
            {
                return new DurationSpec(null, null, true);
            }

            return days is null && hours is null ? null : new DurationSpec(days, hours, false);
        }

        private decimal? PositiveNumber(JsonElement value, string path, decimal max)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var n))
            {
                Problem(path, "Invalid duration: must be a number.");
                return null;
            }

            if (n <= 0)
            {
                Problem(path, $"Invalid duration: {n.ToString(CultureInfo.InvariantCulture)} must be positive.");
                return null;
            }

            if (n > max)
            {
                Problem(path, $"Invalid duration: {n.ToString(CultureInfo.InvariantCulture)} exceeds the maximum of {max.ToString(CultureInfo.InvariantCulture)}.");
                return null;
            }

            return n;
        }

        private List<string> StringArray(JsonElement root, string path, string name)
        {
            var list = new List<string>();
            if (!root.TryGetProperty(name, out var arr))
            {
                return list;
            }

            if (arr.ValueKind != JsonValueKind.Array)
            {
                Problem($"{path}.{name}", $"'{name}' must be an array of strings.");
                return list;
            }

            var i = 0;
            foreach (var s in arr.EnumerateArray())
            {
                if (s.ValueKind == JsonValueKind.String)
                {
                    list.Add(s.GetString()!);
                }
                else
                {
                    Problem($"{path}.{name}[{i}]", "Expected a string.");
                }

                i++;
            }

            return list;
        }

        private string? RequiredString(JsonElement obj, string path, string name)
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                Problem(path, $"Missing required property '{name}'.");
                return null;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                Problem($"{path}.{name}", $"'{name}' must be a non-empty string.");
                return null;
            }

            return value.GetString();
        }

        private string? OptionalString(JsonElement obj, string path, string name)
        {
            if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Problem($"{path}.{name}", $"'{name}' must be a string.");
                return null;
            }

            return value.GetString();
        }
    }
}
