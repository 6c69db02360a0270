using Iso.Workflows.Definitions;

namespace Iso.Workflows.Tests.Definitions;

public sealed class DefinitionDiffTests
{
    private const string Before = """
        { "key": "x", "version": 1, "name": "Cũ", "timeLimit": { "workingDays": 5 }, "nodes": [
          { "id": "s", "type": "start", "to": "a" },
          { "id": "a", "type": "userTask", "title": "Tiếp nhận", "candidate": { "role": "Staff", "unit": "MOT-CUA" }, "duration": { "workingDays": 1 },
            "outcomes": [ { "name": "ok", "label": "Chuyển", "to": "b" }, { "name": "no", "to": "e" } ] },
          { "id": "b", "type": "userTask", "title": "Xử lý", "candidate": { "role": "Staff" }, "outcomes": [ { "name": "ok", "to": "e" } ] },
          { "id": "e", "type": "end" } ] }
        """;

    private const string After = """
        { "key": "x", "version": 2, "name": "Mới", "timeLimit": { "workingDays": 5 }, "nodes": [
          { "id": "s", "type": "start", "to": "a" },
          { "id": "a", "type": "userTask", "title": "Tiếp nhận", "candidate": { "role": "Staff", "unit": "VP" }, "duration": { "workingDays": 1 },
            "outcomes": [ { "name": "no", "to": "e" }, { "name": "ok", "label": "Chuyển", "to": "c" } ] },
          { "id": "c", "type": "userTask", "title": "Thẩm định", "candidate": { "role": "Staff" }, "outcomes": [ { "name": "ok", "to": "e" } ] },
          { "id": "e", "type": "end" } ] }
        """;

    [Fact]
    public void Compare_FindsAddedRemovedAndChangedStepsFieldByField()
    {
        var diff = DefinitionDiff.Compare(Before, After);

        Assert.Equal([new FieldChange("name", "\"Cũ\"", "\"Mới\"")], diff.Procedure);
        var changed = Assert.Single(diff.Nodes, n => n.Kind == ChangeKind.Changed);
        Assert.Equal("a", changed.NodeId);
        Assert.Equal(
            [new FieldChange("candidate.unit", "\"MOT-CUA\"", "\"VP\""), new FieldChange("outcomes[ok].to", "\"b\"", "\"c\"")],
            changed.Fields.OrderBy(f => f.Field, StringComparer.Ordinal));
        Assert.Equal("c", Assert.Single(diff.Nodes, n => n.Kind == ChangeKind.Added).NodeId);
        Assert.Equal("Xử lý", Assert.Single(diff.Nodes, n => n.Kind == ChangeKind.Removed).Title);
    }

    [Fact]
    public void Compare_OfAVersionWithItself_IsEmpty()
    {
        Assert.True(DefinitionDiff.Compare(Before, Before).IsEmpty);
    }
}
