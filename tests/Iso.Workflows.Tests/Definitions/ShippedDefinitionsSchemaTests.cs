using System.Text.Json;
using Iso.Workflows.Definitions;
using Json.Schema;

namespace Iso.Workflows.Tests.Definitions;

/// <summary>Every file in <c>workflows/</c> (linked into the test output) validates against <c>workflows/schema.json</c>,
/// and the schema itself rejects broken documents, so editors that validate while typing can be trusted.</summary>
public sealed class ShippedDefinitionsSchemaTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "workflows");

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, "schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    public static TheoryData<string> ShippedFiles() =>
        [.. Directory.GetFiles(Folder, "*.json").Select(f => Path.GetFileName(f)).Where(f => f != "schema.json").Order(StringComparer.Ordinal)];

    [Fact]
    public void Schema_IsAValidDraft202012Schema()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "schema.json")));
        var result = MetaSchemas.Draft202012.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, Describe(result));
    }

    [Fact]
    public void Workflows_ShipsEveryRequiredTemplate()
    {
        var keys = ShippedFiles().Select(f => Path.GetFileNameWithoutExtension((string)f.Data)).ToHashSet();
        string[] required =
        [
            "document-control", "records-control", "internal-audit", "nonconformity-corrective-action", "management-review",
            "tthc-mot-cap", "tthc-cap-xa", "tthc-lien-thong",
        ];
        Assert.Subset(keys, required.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void ShippedDefinition_ValidatesAgainstTheSchema(string file)
    {
        var json = File.ReadAllText(Path.Combine(Folder, file));
        using var document = JsonDocument.Parse(json);
        var result = Evaluate(document.RootElement);
        Assert.True(result.IsValid, $"{file}:{Environment.NewLine}{Describe(result)}");

        // The file is named after its key and points editors at the schema beside it.
        Assert.Equal(Path.GetFileNameWithoutExtension(file), document.RootElement.GetProperty("key").GetString());
        Assert.Equal("./schema.json", document.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void Workflows_PassTheEngineValidator()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = DefinitionValidationCli.Run(Folder, stdout, stderr);
        Assert.True(exit == 0, stdout.ToString() + stderr);
        Assert.Contains($"{ShippedFiles().Count} definition(s) valid.", stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void ShippedDefinition_UsesOnlyActionsTheHostProvides(string file)
    {
        // notify and apology.issue are built into the engine; document.publish and record.archive are the host's actions named in ADR 0003.
        string[] known = ["notify", "apology.issue", "document.publish", "record.archive"];
        var problems = WorkflowDefinitionValidator.Validate(File.ReadAllText(Path.Combine(Folder, file)), file, known);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("missing key", """{ "version": 1, "name": "Thiếu key", "nodes": [ { "id": "s", "type": "start", "to": "e" }, { "id": "e", "type": "end" } ] }""", "")]
    [InlineData("unknown node type", """{ "key": "x", "version": 1, "name": "X", "nodes": [ { "id": "s", "type": "start", "to": "e" }, { "id": "e", "type": "finish" } ] }""", "/nodes/1/type")]
    [InlineData("userTask without outcomes", """{ "key": "x", "version": 1, "name": "X", "nodes": [ { "id": "s", "type": "start", "to": "t" }, { "id": "t", "type": "userTask", "title": "Bước", "candidate": { "role": "Staff" } }, { "id": "e", "type": "end" } ] }""", "/nodes/1")]
    [InlineData("userTask with empty outcomes", """{ "key": "x", "version": 1, "name": "X", "nodes": [ { "id": "s", "type": "start", "to": "t" }, { "id": "t", "type": "userTask", "title": "Bước", "candidate": { "role": "Staff" }, "outcomes": [] }, { "id": "e", "type": "end" } ] }""", "/nodes/1/outcomes")]
    [InlineData("unknown role", """{ "key": "x", "version": 1, "name": "X", "nodes": [ { "id": "s", "type": "start", "to": "t" }, { "id": "t", "type": "userTask", "title": "Bước", "candidate": { "role": "Boss" }, "outcomes": [ { "name": "ok", "to": "e" } ] }, { "id": "e", "type": "end" } ] }""", "/nodes/1/candidate/role")]
    [InlineData("negative duration", """{ "key": "x", "version": 1, "name": "X", "nodes": [ { "id": "s", "type": "start", "to": "t" }, { "id": "t", "type": "timer", "duration": { "workingDays": -1 }, "to": "e" }, { "id": "e", "type": "end" } ] }""", "/nodes/1/duration")]
    [InlineData("days and hours together", """{ "key": "x", "version": 1, "name": "X", "timeLimit": { "workingDays": 1, "workingHours": 8 }, "nodes": [ { "id": "s", "type": "start", "to": "e" }, { "id": "e", "type": "end" } ] }""", "/timeLimit")]
    [InlineData("notCounted as the case time limit", """{ "key": "x", "version": 1, "name": "X", "timeLimit": { "notCounted": true }, "nodes": [ { "id": "s", "type": "start", "to": "e" }, { "id": "e", "type": "end" } ] }""", "/timeLimit")]
    [InlineData("fork with one branch", """{ "key": "x", "version": 1, "name": "X", "nodes": [ { "id": "s", "type": "start", "to": "f" }, { "id": "f", "type": "fork", "to": ["e"] }, { "id": "e", "type": "end" } ] }""", "/nodes/1/to")]
    [InlineData("upper-case key", """{ "key": "Tthc", "version": 1, "name": "X", "nodes": [ { "id": "s", "type": "start", "to": "e" }, { "id": "e", "type": "end" } ] }""", "/key")]
    [InlineData("misspelt property", """{ "key": "x", "version": 1, "name": "X", "nodes": [ { "id": "s", "type": "start", "too": "e" }, { "id": "e", "type": "end" } ] }""", "/nodes/0")]
    [InlineData("bad assignee rule", """{ "key": "x", "version": 1, "name": "X", "nodes": [ { "id": "s", "type": "start", "to": "t" }, { "id": "t", "type": "userTask", "title": "Bước", "candidate": { "role": "Staff" }, "assignee": "boss", "outcomes": [ { "name": "ok", "to": "e" } ] }, { "id": "e", "type": "end" } ] }""", "/nodes/1/assignee")]
    [InlineData("boolean variable with a text default", """{ "key": "x", "version": 1, "name": "X", "variables": [ { "name": "ok", "type": "boolean", "default": "yes" } ], "nodes": [ { "id": "s", "type": "start", "to": "e" }, { "id": "e", "type": "end" } ] }""", "/variables/0/default")]
    public void Schema_RejectsABrokenDefinition(string problem, string json, string expectedLocation)
    {
        using var document = JsonDocument.Parse(json);
        var result = Evaluate(document.RootElement);
        Assert.False(result.IsValid, $"the schema accepted a definition with {problem}");
        var locations = Failures(result).Select(f => f.InstanceLocation).ToList();
        Assert.Contains(locations, l => l == expectedLocation || (expectedLocation.Length > 0 && l.StartsWith(expectedLocation, StringComparison.Ordinal)));
    }

    [Fact]
    public void Schema_AcceptsAMinimalDefinition()
    {
        using var document = JsonDocument.Parse("""
            { "key": "x", "version": 1, "name": "Tối thiểu",
              "nodes": [ { "id": "s", "type": "start", "to": "t" },
                         { "id": "t", "type": "userTask", "title": "Bước", "candidate": { "role": "Staff" }, "duration": { "notCounted": true },
                           "outcomes": [ { "name": "ok", "to": "e" } ] },
                         { "id": "e", "type": "end" } ] }
            """);
        var result = Evaluate(document.RootElement);
        Assert.True(result.IsValid, Describe(result));
    }

    private static EvaluationResults Evaluate(JsonElement root) =>
        Schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static IEnumerable<(string InstanceLocation, string Message)> Failures(EvaluationResults result) =>
        (result.Details ?? [])
            .Prepend(result)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => (d.InstanceLocation.ToString(), $"{e.Key}: {e.Value}")));

    private static string Describe(EvaluationResults result) =>
        string.Join(Environment.NewLine, Failures(result).Select(f => $"  {(f.InstanceLocation.Length == 0 ? "/" : f.InstanceLocation)} {f.Message}"));
}
