using Iso.Workflows.Definitions;
using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.Definitions;

public sealed class WorkflowDefinitionValidatorTests
{
    [Theory]
    [InlineData("unknown-target.json", "$.nodes[1].outcomes[0].to", "Unknown target node 'nowhere'")]
    [InlineData("unreachable.json", "$.nodes[2]", "unreachable")]
    [InlineData("duplicate-id.json", "$.nodes[2].id", "Duplicate node id 't'")]
    [InlineData("no-outcomes.json", "$.nodes[1].outcomes", "no outcomes")]
    [InlineData("fork-without-join.json", "$.nodes[1]", "no matching join")]
    [InlineData("invalid-duration.json", "$.nodes[1].duration.workingDays", "Invalid duration")]
    [InlineData("bad-expression.json", "$.nodes[1].branches[0].when", "Bad expression")]
    [InlineData("unknown-set-variable.json", "$.nodes[1].outcomes[0].set.foo", "Unknown variable 'foo'")]
    [InlineData("join-without-fork.json", "$.nodes[1]", "has no fork")]
    [InlineData("bad-assignee.json", "$.nodes[1].assignee", "not a userTask")]
    [InlineData("no-end.json", "$.nodes", "at least one end")]
    [InlineData("missing-fields.json", "$", "Missing required property 'key'")]
    [InlineData("missing-fields.json", "$.version", "positive integer")]
    public void Validate_BrokenDefinition_ReportsProblemAtJsonPath(string file, string path, string message)
    {
        var json = EngineHarness.Fixture("Definitions/Broken/" + file);

        var problems = WorkflowDefinitionValidator.Validate(json, file);

        Assert.Contains(problems, p => p.File == file && p.JsonPath == path && p.Message.Contains(message, StringComparison.Ordinal) && !p.IsWarning);
    }

    [Fact]
    public void Validate_MalformedJson_ReportsLineAndPositionInsteadOfThrowing()
    {
        var json = EngineHarness.Fixture("Definitions/Broken/malformed.json");

        var problems = WorkflowDefinitionValidator.Validate(json, "malformed.json");

        var problem = Assert.Single(problems);
        Assert.Equal("malformed.json", problem.File);
        Assert.StartsWith("Malformed JSON at line 3, position", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NotAnObject_IsAProblemNotACrash()
    {
        var problems = WorkflowDefinitionValidator.Validate("[1, 2]", "list.json");

        Assert.Equal("$", Assert.Single(problems).JsonPath);
    }

    [Theory]
    [InlineData("Runtime/Workflows/document-approval.json")]
    [InlineData("Runtime/Workflows/consultation-all.json")]
    [InlineData("Runtime/Workflows/consultation-any.json")]
    [InlineData("Runtime/Workflows/failing-action.json")]
    public void Validate_TestFixtures_AreValid(string fixture)
    {
        var problems = WorkflowDefinitionValidator.Validate(EngineHarness.Fixture(fixture), fixture);

        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_UnknownActionWithKnownActionList_IsOnlyAWarning()
    {
        var json = EngineHarness.Fixture("Runtime/Workflows/failing-action.json");

        var result = WorkflowDefinitionLoader.Load(json, "f.json", knownActions: ["notify"]);

        var warning = Assert.Single(result.Problems);
        Assert.True(warning.IsWarning);
        Assert.Equal("$.nodes[3].action", warning.JsonPath);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Load_ValidDefinition_ParsesNodesAndDurations()
    {
        var definition = WorkflowDefinitionLoader.LoadValid(EngineHarness.Fixture("Runtime/Workflows/document-approval.json"));

        Assert.Equal("test-document", definition.Key);
        Assert.Equal(5m, definition.TimeLimit!.WorkingDays);
        var draft = Assert.IsType<UserTaskNode>(definition.Nodes[1]);
        Assert.Equal("VP", draft.Candidate.Unit);
        Assert.Equal(8m, draft.Duration!.ToWorkingDuration()!.Value.Hours);
        var reject = Assert.IsType<UserTaskNode>(definition.Nodes[4]).Outcomes[1];
        Assert.Equal(true, reject.Set["major"]);
    }

    [Fact]
    public void Validate_WorkingDaysAboveLimit_IsInvalid()
    {
        var json = """
            { "key": "k", "version": 1, "name": "N", "nodes": [
              { "id": "start", "type": "start", "to": "w" },
              { "id": "w", "type": "timer", "duration": { "workingDays": 366 }, "to": "end" },
              { "id": "end", "type": "end" } ] }
            """;

        var problems = WorkflowDefinitionValidator.Validate(json, "k.json");

        Assert.Contains(problems, p => p.JsonPath == "$.nodes[1].duration.workingDays" && p.Message.Contains("exceeds", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NestedForks_MatchTheirNearestJoins()
    {
        var json = """
            { "key": "nested", "version": 1, "name": "N", "nodes": [
              { "id": "start", "type": "start", "to": "outer" },
              { "id": "outer", "type": "fork", "to": ["inner", "c"] },
              { "id": "inner", "type": "fork", "to": ["a", "b"] },
              { "id": "a", "type": "userTask", "title": "A", "candidate": { "role": "Staff" }, "outcomes": [ { "name": "ok", "to": "innerJoin" } ] },
              { "id": "b", "type": "userTask", "title": "B", "candidate": { "role": "Staff" }, "outcomes": [ { "name": "ok", "to": "innerJoin" } ] },
              { "id": "innerJoin", "type": "join", "to": "outerJoin" },
              { "id": "c", "type": "userTask", "title": "C", "candidate": { "role": "Staff" }, "outcomes": [ { "name": "ok", "to": "outerJoin" } ] },
              { "id": "outerJoin", "type": "join", "to": "end" },
              { "id": "end", "type": "end" } ] }
            """;

        Assert.Empty(WorkflowDefinitionValidator.Validate(json, "nested.json"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{ \"key\": 5, \"version\": \"1\", \"name\": [], \"nodes\": {} }")]
    [InlineData("{ \"nodes\": [ null, 1, { \"type\": 5 }, { \"id\": \"x\", \"type\": \"fork\", \"to\": 5 } ] }")]
    [InlineData("{ \"nodes\": [ { \"id\": \"s\", \"type\": \"start\", \"to\": \"t\" }, { \"id\": \"t\", \"type\": \"userTask\", \"candidate\": 1, \"outcomes\": [ 1, { \"set\": 3 } ], \"duration\": { \"workingHours\": \"x\", \"other\": 1 }, \"form\": [ 2 ] } ] }")]
    [InlineData("{ \"variables\": [ { \"name\": \"1bad\", \"type\": \"money\", \"default\": {} } ], \"timeLimit\": 3, \"nodes\": [ { \"id\": \"d\", \"type\": \"decision\", \"branches\": [ 7, { \"when\": \"(\", \"to\": \"d\" } ] } ] }")]
    public void Validate_GarbageInput_ReportsProblemsAndNeverThrows(string json)
    {
        var problems = WorkflowDefinitionValidator.Validate(json, "garbage.json");

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.StartsWith("$", p.JsonPath, StringComparison.Ordinal));
    }
}
