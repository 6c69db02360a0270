using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Iso.Workflows.Definitions;

namespace Iso.Web.Procedures;

/// <summary>An outcome of a step as the table shows it: its name, label and the step it leads to.</summary>
public sealed class StepOutcomeRow
{
    public string Name { get; set; } = string.Empty;

    public string? Label { get; set; }

    public string To { get; set; } = string.Empty;
}

/// <summary>One human step as the paper step table reads it: title, who (role + unit), working time allotted, outcomes.</summary>
public sealed class StepRow
{
    public string NodeId { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string Role { get; set; } = "Staff";

    public string? Unit { get; set; }

    /// <summary>Working days allotted; null = not counted in the time limit.</summary>
    public decimal? WorkingDays { get; set; }

    public bool OnMainPath { get; set; }

    public List<StepOutcomeRow> Outcomes { get; } = [];
}

/// <summary>The step table of a definition and its totals: the working time of the main path against the time limit.</summary>
public sealed record StepTableView(
    IReadOnlyList<StepRow> Steps,
    IReadOnlyList<string> NodeIds,
    decimal? TimeLimitWorkingDays,
    decimal MainPathWorkingDays)
{
    /// <summary>The main path does not add up to the time limit (over it, or under it).</summary>
    public bool Mismatch => TimeLimitWorkingDays is { } limit && limit != MainPathWorkingDays;

    public bool OverLimit => TimeLimitWorkingDays is { } limit && MainPathWorkingDays > limit;
}

/// <summary>Reads the step table out of a definition's JSON and writes an edited table back into it, leaving everything
/// the table does not show (instructions, forms, decisions, variables) as it was.</summary>
public static class StepTable
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The table of a definition that parses (possibly with problems); null when the JSON cannot be read as a definition.</summary>
    public static StepTableView? Read(string json)
    {
        var definition = WorkflowDefinitionLoader.Load(json).Definition;
        if (definition is null)
        {
            return null;
        }

        var main = MainPath.Of(definition);
        var onMain = main.NodeIds.ToHashSet(StringComparer.Ordinal);
        var steps = new List<StepRow>();
        foreach (var task in definition.Nodes.OfType<UserTaskNode>())
        {
            var row = new StepRow
            {
                NodeId = task.Id,
                Title = task.Title,
                Role = task.Candidate.Role,
                Unit = task.Candidate.Unit,
                WorkingDays = task.Duration?.ToWorkingDuration()?.Days,
                OnMainPath = onMain.Contains(task.Id),
            };
            row.Outcomes.AddRange(task.Outcomes.Select(o => new StepOutcomeRow { Name = o.Name, Label = o.Label, To = o.To }));
            steps.Add(row);
        }

        return new StepTableView(
            steps,
            [.. definition.Nodes.Select(n => n.Id)],
            definition.TimeLimit?.ToWorkingDuration()?.Days,
            main.Total.Days);
    }

    /// <summary>Writes the rows into the definition: each row's step (added when new), its title, candidate, duration and
    /// outcomes; steps missing from <paramref name="rows"/> are removed. The time limit is set when given.</summary>
    public static string Apply(string json, IReadOnlyList<StepRow> rows, decimal? timeLimitWorkingDays)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        var nodes = root["nodes"] as JsonArray ?? [];
        root["nodes"] = nodes;
        if (timeLimitWorkingDays is { } limit)
        {
            root["timeLimit"] = new JsonObject { ["workingDays"] = JsonValue.Create(limit) };
        }

        var wanted = rows.Select(r => r.NodeId).ToHashSet(StringComparer.Ordinal);
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            if (nodes[i] is JsonObject node && node["type"]?.GetValue<string>() == "userTask" && !wanted.Contains(node["id"]?.GetValue<string>() ?? string.Empty))
            {
                nodes.RemoveAt(i);
            }
        }

        foreach (var row in rows)
        {
            var node = nodes.OfType<JsonObject>().FirstOrDefault(n => n["id"]?.GetValue<string>() == row.NodeId);
            if (node is null)
            {
                node = new JsonObject { ["id"] = row.NodeId, ["type"] = "userTask" };
                var endIndex = nodes.Select((n, i) => (n, i)).Where(x => x.n?["type"]?.GetValue<string>() == "end").Select(x => x.i).DefaultIfEmpty(nodes.Count).First();
                nodes.Insert(endIndex, node);
            }

            node["title"] = row.Title;
            var candidate = node["candidate"] as JsonObject ?? [];
            candidate["role"] = row.Role;
            if (string.IsNullOrWhiteSpace(row.Unit))
            {
                candidate.Remove("unit");
            }
            else
            {
                candidate["unit"] = row.Unit.Trim();
            }

            node["candidate"] = candidate;
            if (DaysOf(node["duration"]) != row.WorkingDays)
            {
                node["duration"] = row.WorkingDays is { } days
                    ? new JsonObject { ["workingDays"] = JsonValue.Create(days) }
                    : new JsonObject { ["notCounted"] = true };
            }

            var oldOutcomes = node["outcomes"] as JsonArray ?? [];
            var outcomes = new JsonArray();
            foreach (var outcome in row.Outcomes)
            {
                var existing = oldOutcomes.OfType<JsonObject>().FirstOrDefault(o => o["name"]?.GetValue<string>() == outcome.Name);
                var copy = existing is null ? new JsonObject() : (JsonObject)existing.DeepClone();
                copy["name"] = outcome.Name;
                if (string.IsNullOrWhiteSpace(outcome.Label))
                {
                    copy.Remove("label");
                }
                else
                {
                    copy["label"] = outcome.Label;
                }

                copy["to"] = outcome.To;
                outcomes.Add(copy);
            }

            node["outcomes"] = outcomes;
        }

        return root.ToJsonString(WriteOptions);
    }

    /// <summary>The working days a duration node counts (hours converted), or null when absent or not counted.</summary>
    private static decimal? DaysOf(JsonNode? duration)
    {
        if (duration is not JsonObject d)
        {
            return null;
        }

        if (d["workingDays"] is JsonValue days && days.TryGetValue<decimal>(out var value))
        {
            return value;
        }

        return d["workingHours"] is JsonValue hours && hours.TryGetValue<decimal>(out var h) ? h / Iso.Workflows.Calendar.WorkingDuration.HoursPerDay : null;
    }

    /// <summary>A step id not used yet: <c>buoc-1</c>, <c>buoc-2</c> …</summary>
    public static string NewStepId(IEnumerable<string> used)
    {
        var taken = used.ToHashSet(StringComparer.Ordinal);
        for (var i = 1; ; i++)
        {
            var id = "buoc-" + i.ToString(CultureInfo.InvariantCulture);
            if (!taken.Contains(id))
            {
                return id;
            }
        }
    }
}
