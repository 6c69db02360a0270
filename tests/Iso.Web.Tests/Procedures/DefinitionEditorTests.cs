using System.Text.Json.Nodes;
using Iso.Web.Procedures;

namespace Iso.Web.Tests.Procedures;

public sealed class DefinitionEditorTests
{
    private static string MotCap => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "tthc-mot-cap.json"));

    private static JsonObject Node(string json, string id) =>
        JsonNode.Parse(json)!["nodes"]!.AsArray().OfType<JsonObject>().Single(n => n["id"]!.GetValue<string>() == id);

    [Fact]
    public void Connect_PointsTheNamedOutcomeAtTheStep()
    {
        var json = DefinitionEditor.Connect(MotCap, "receive", "outcomes[2]", "assign");

        Assert.Equal("assign", Node(json, "receive")["outcomes"]![2]!["to"]!.GetValue<string>());
        Assert.Equal("refuse", Node(json, "receive")["outcomes"]![2]!["name"]!.GetValue<string>());
        Assert.Equal("granted", Node(DefinitionEditor.Connect(json, "result-kind", "otherwise", "granted"), "result-kind")["otherwise"]!.GetValue<string>());
    }

    [Fact]
    public void AddNode_GoesBeforeTheEnds_WithAFreshId_AndRemoveLeavesTheWaysToIt()
    {
        var (json, id) = DefinitionEditor.AddNode(MotCap, "userTask", "Bước mới", "Xong", "granted");
        Assert.Equal("buoc-1", id);
        var ids = DefinitionEditor.NodeIds(json);
        Assert.True(ids.ToList().IndexOf(id) < ids.ToList().IndexOf("granted"));

        var removed = DefinitionEditor.RemoveNode(json, "assign");
        Assert.DoesNotContain("assign", DefinitionEditor.NodeIds(removed));
        Assert.Equal("assign", Node(removed, "receive")["outcomes"]![0]!["to"]!.GetValue<string>());
    }

    [Fact]
    public void ApplyStep_WritesTheEditorsFields_AndKeepsWhatItDoesNotShow()
    {
        var step = DefinitionEditor.ReadStep(MotCap, "examine")!;
        Assert.Equal(7m, step.DurationValue);
        step.Title = "Thẩm định";
        step.Unit = "VP";
        step.DurationUnit = "hours";
        step.DurationValue = 12;
        step.Form.Add(new FieldModel { Name = "fee", Type = "number", Label = "Lệ phí", Required = true });
        step.Outcomes[1].RequireComment = false;

        var node = Node(DefinitionEditor.ApplyStep(MotCap, "examine", step), "examine");

        Assert.Equal("Thẩm định", node["title"]!.GetValue<string>());
        Assert.Equal("VP", node["candidate"]!["unit"]!.GetValue<string>());
        Assert.Equal(12m, node["duration"]!["workingHours"]!.GetValue<decimal>());
        Assert.Equal("fee", node["form"]![2]!["name"]!.GetValue<string>());
        Assert.Null(node["outcomes"]![1]!["requireComment"]);
        Assert.Equal("sameAs:examine", node["assignee"]!.GetValue<string>());
        Assert.NotNull(node["onOverdue"]);
    }

    [Fact]
    public void RenamingAStep_RenamesEveryWayAndAssigneeToIt()
    {
        var step = DefinitionEditor.ReadStep(MotCap, "examine")!;
        step.Id = "tham-dinh";

        var json = DefinitionEditor.ApplyStep(MotCap, "examine", step);

        Assert.Contains("tham-dinh", DefinitionEditor.NodeIds(json));
        Assert.Equal("tham-dinh", Node(json, "assign")["outcomes"]![0]!["to"]!.GetValue<string>());
        Assert.Equal("tham-dinh", Node(json, "review")["outcomes"]![1]!["to"]!.GetValue<string>());
        Assert.Equal("sameAs:tham-dinh", Node(json, "tham-dinh")["assignee"]!.GetValue<string>());
    }

    [Fact]
    public void Paste_RenamesIdsInUse_AndWaysBetweenPastedSteps()
    {
        var copied = DefinitionEditor.Copy(MotCap, ["review", "approve"]);

        var (json, ids) = DefinitionEditor.Paste(MotCap, copied);

        Assert.Equal(["review-2", "approve-2"], ids);
        Assert.Equal("approve-2", Node(json, "review-2")["outcomes"]![0]!["to"]!.GetValue<string>());
        Assert.Equal("review-2", Node(json, "approve-2")["outcomes"]![1]!["to"]!.GetValue<string>());
        Assert.Equal("examine", Node(json, "review-2")["outcomes"]![1]!["to"]!.GetValue<string>());
        Assert.Equal("approve", Node(json, "review")["outcomes"]![0]!["to"]!.GetValue<string>());

        var (other, otherIds) = DefinitionEditor.Paste("""{ "key": "khac", "nodes": [ { "id": "start", "type": "start", "to": "review" } ] }""", copied);
        Assert.Equal(["review", "approve"], otherIds);
        Assert.Equal(3, DefinitionEditor.NodeIds(other).Count);
    }

    [Fact]
    public void CheckCondition_ReportsSyntax_AndUnknownVariables()
    {
        var names = DefinitionEditor.VariableNames(MotCap);
        Assert.Contains("eligible", names);
        Assert.Contains("examinationNote", names);

        Assert.Null(DefinitionEditor.CheckCondition("vars.eligible === true && vars['receiptNo'] != null", names, n => "unknown " + n));
        Assert.Equal("unknown fee, paid", DefinitionEditor.CheckCondition("vars.fee > 0 || vars[\"paid\"]", names, n => "unknown " + n));
        Assert.NotNull(DefinitionEditor.CheckCondition("vars.eligible ===", names, n => "unknown " + n));
    }
}
