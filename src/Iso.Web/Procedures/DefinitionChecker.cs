using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Iso.Web.Resources;
using Iso.Web.Workflows;
using Iso.Workflows.Actions;
using Iso.Workflows.Definitions;
using Json.Schema;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Iso.Web.Procedures;

/// <summary>One problem of a definition as the editor and the API show it: where (a JSON path such as
/// <c>$.nodes[3].outcomes[0].to</c>), what, whether it only warns, and who found it (<c>schema</c>, <c>validator</c>, <c>units</c>).</summary>
public sealed record DefinitionProblemView(string Path, string Message, bool IsWarning, string Source);

/// <summary>The problems of a definition, errors apart from warnings. A draft with errors may be saved but not submitted.</summary>
public sealed record ValidationReport(IReadOnlyList<DefinitionProblemView> Errors, IReadOnlyList<DefinitionProblemView> Warnings)
{
    public bool IsValid => Errors.Count == 0;

    public static ValidationReport Of(IEnumerable<DefinitionProblemView> problems)
    {
        var all = problems.ToList();
        return new ValidationReport([.. all.Where(p => !p.IsWarning)], [.. all.Where(p => p.IsWarning)]);
    }
}

/// <summary>Checks a definition text with <c>workflows/schema.json</c> (what an editor checks while typing) and with the
/// engine's validator (graph rules), each problem with its JSON path. The schema is read once per process.</summary>
public sealed class DefinitionChecker(
    IOptions<WorkflowTemplateOptions> options, IEnumerable<IWorkflowActionHandler> actions, IStringLocalizer<SharedResource> localizer)
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    /// <summary>Host actions (named in ADR 0003) beside the handlers registered with the engine.</summary>
    private readonly string[] _knownActions = [.. actions.Select(a => a.Name).Concat(["document.publish", "record.archive"]).Distinct(StringComparer.Ordinal)];

    public IReadOnlyList<DefinitionProblemView> Check(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var problems = new List<DefinitionProblemView>();
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var schema = Schemas.GetOrAdd(Path.Combine(options.Value.Directory, "schema.json"), file =>
                JsonSchema.FromText(File.ReadAllText(file), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));
            var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!result.IsValid)
            {
                foreach (var detail in (result.Details ?? []).Prepend(result).Where(d => d.Errors is { Count: > 0 }))
                {
                    foreach (var error in detail.Errors!)
                    {
                        problems.Add(new DefinitionProblemView(ToJsonPath(detail.InstanceLocation.ToString()), error.Value, false, "schema"));
                    }
                }
            }
        }
        catch (JsonException)
        {
            // The validator below reports malformed JSON with line and position.
        }

        foreach (var problem in WorkflowDefinitionValidator.Validate(json, "definition", _knownActions))
        {
            problems.Add(new DefinitionProblemView(problem.JsonPath, problem.Message, problem.IsWarning, "validator"));
        }

        return [.. problems.DistinctBy(p => (p.Path, p.Message))];
    }

    /// <summary>Every step whose candidate unit the agency does not have on <paramref name="day"/>: an error, since such a
    /// step would have nobody to do it.</summary>
    public IReadOnlyList<DefinitionProblemView> CheckUnits(string json, IReadOnlyCollection<UnitOption> units, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(units);
        var definition = WorkflowDefinitionLoader.Load(json).Definition;
        if (definition is null)
        {
            return [];
        }

        var codes = units.Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. definition.Nodes.OfType<UserTaskNode>()
                .Where(t => t.Candidate.Unit is { } unit && !codes.Contains(unit))
                .Select(t => new DefinitionProblemView(
                    $"$.nodes[{t.Index}].candidate.unit",
                    localizer["Procedure_UnitMissing", t.Candidate.Unit!, t.Title, day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)],
                    false,
                    "units")),
        ];
    }

    /// <summary><c>/nodes/3/to</c> → <c>$.nodes[3].to</c>, the form the validator uses.</summary>
    internal static string ToJsonPath(string pointer)
    {
        var path = new StringBuilder("$");
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (segment.All(char.IsAsciiDigit))
            {
                path.Append('[').Append(segment).Append(']');
            }
            else
            {
                path.Append('.').Append(segment);
            }
        }

        return path.ToString();
    }
}
