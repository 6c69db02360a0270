using Bunit;
using Iso.Web.Components.Pages.Procedures;
using Iso.Web.Documents.Rendering;
using Iso.Web.Procedures;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Components.Pages.Procedures;

public sealed class ProcedureFlowchartTests : BunitContext
{
    private static readonly string MotCap = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "tthc-mot-cap.json"));

    public ProcedureFlowchartTests()
    {
        this.AddIsoTestServices();
        Services.AddSingleton<DocumentHtmlSanitizer>();
        Services.AddSingleton<DocumentMarkdown>();
        IsoTestServices.UseCulture("vi-VN");
    }

    [Fact]
    public void Flowchart_OfTheShippedTemplate_DrawsEveryNodeAndWay_WithOutcomeLabels()
    {
        var graph = FlowchartGraph.FromJson(MotCap);

        var cut = Render<ProcedureFlowchart>(p => p.Add(x => x.Graph, graph));

        var nodes = cut.FindAll("[data-node]");
        Assert.Equal(15, nodes.Count);
        Assert.Equal(graph.Edges.Count, cut.FindAll("[data-edge]").Count);
        Assert.Equal("userTask", cut.Find("[data-node='receive']").GetAttribute("data-kind"));
        Assert.Equal("decision", cut.Find("[data-node='result-kind']").GetAttribute("data-kind"));
        Assert.Contains("Kiểm tra, tiếp nhận hồ sơ", cut.Find("[data-node='receive']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Chuyên viên", cut.Find("[data-node='examine']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Phân công", cut.Find("[data-edge='assign:outcomes[0]']").TextContent, StringComparison.Ordinal);
        Assert.Contains("back", cut.Find("[data-edge='review:outcomes[1]']").ClassName, StringComparison.Ordinal);
        Assert.Contains("Bắt đầu", cut.Find("[data-node='start']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ClickingOrPressingEnterOnANode_RaisesItsSelection()
    {
        var selected = new List<string>();
        var cut = Render<ProcedureFlowchart>(p => p
            .Add(x => x.Graph, FlowchartGraph.FromJson(MotCap))
            .Add(x => x.Selected, id => selected.Add(id)));

        cut.Find("[data-node='approve']").Click();
        cut.Find("[data-node='register']").KeyDown("Enter");

        Assert.Equal(["approve", "register"], selected);
    }

    [Fact]
    public void StepsWithProblems_AreMarked_ErrorsApartFromWarnings()
    {
        var marks = new Dictionary<string, StepMarks>
        {
            ["assign"] = new(2, 0, ["Outcome 'assign' leads to 'nowhere', which is not a node.", "x"]),
            ["deliver"] = new(0, 1, ["Unreachable"]),
        };

        var cut = Render<ProcedureFlowchart>(p => p
            .Add(x => x.Graph, FlowchartGraph.FromJson(MotCap))
            .Add(x => x.Problems, marks)
            .Add(x => x.SelectedId, "assign"));

        var assign = cut.Find("[data-node='assign']");
        Assert.Contains("has-error", assign.ClassName, StringComparison.Ordinal);
        Assert.Contains("selected", assign.ClassName, StringComparison.Ordinal);
        Assert.Equal("2", assign.QuerySelector(".iso-flow-badge.error")!.GetAttribute("data-problems"));
        Assert.Contains("2 lỗi, 0 cảnh báo", assign.GetAttribute("aria-label"), StringComparison.Ordinal);
        var deliver = cut.Find("[data-node='deliver']");
        Assert.Contains("has-warning", deliver.ClassName, StringComparison.Ordinal);
        Assert.NotNull(deliver.QuerySelector(".iso-flow-badge.warning"));
        Assert.Null(cut.Find("[data-node='review']").QuerySelector(".iso-flow-badge"));
    }

    [Fact]
    public void AWayToAMissingStep_IsShownAsDangling()
    {
        var json = DefinitionEditor.RemoveNode(MotCap, "assign");

        var cut = Render<ProcedureFlowchart>(p => p.Add(x => x.Graph, FlowchartGraph.FromJson(json)));

        Assert.Contains("dangling", cut.Find("[data-edge='receive:outcomes[0]']").ClassName, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-node='assign']"));
    }

    [Fact]
    public void DiffView_DrawsTheNewerVersion_WithAddedChangedAndRemovedStepsHighlighted()
    {
        var step = DefinitionEditor.ReadStep(MotCap, "examine")!;
        step.DurationValue = 5;
        var changed = DefinitionEditor.ApplyStep(MotCap, "examine", step);
        var (added, _) = DefinitionEditor.AddNode(DefinitionEditor.RemoveNode(changed, "notify-supplement"), "userTask", "Lấy ý kiến", "Xong", "review");

        var cut = Render<DiffView>(p => p
            .Add(x => x.Diff, DefinitionDiff.Compare(MotCap, added))
            .Add(x => x.FromJson, MotCap)
            .Add(x => x.ToJson, added));

        var chart = cut.Find("[data-testid='diff-flowchart']");
        Assert.Contains("added", chart.QuerySelector("[data-node='buoc-1']")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("changed", chart.QuerySelector("[data-node='examine']")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("removed", chart.QuerySelector("[data-node='notify-supplement']")!.ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("changed", chart.QuerySelector("[data-node='approve']")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("Bước thêm", chart.QuerySelector("[data-node='buoc-1']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void StepTable_ShowsEachStepWithWhoTimeAndProblems_AndRaisesChangesAndOpening()
    {
        var table = StepTable.Read(MotCap)!;
        var opened = new List<string>();
        var removed = new List<string>();
        var changes = 0;
        var marks = new Dictionary<string, StepMarks> { ["review"] = new(1, 0, ["Bước này dẫn tới bước không tồn tại."]) };

        var cut = Render<ProcedureStepTable>(p => p
            .Add(x => x.Steps, table.Steps.ToList())
            .Add(x => x.NodeIds, table.NodeIds)
            .Add(x => x.Units, [new UnitOption("MOT-CUA", "Bộ phận Một cửa"), new UnitOption("CHUYEN-MON", "Phòng chuyên môn")])
            .Add(x => x.Marks, marks)
            .Add(x => x.Editable, true)
            .Add(x => x.Changed, () => changes++)
            .Add(x => x.Opened, id => opened.Add(id))
            .Add(x => x.Removed, id => removed.Add(id)));

        Assert.Equal(8, cut.FindAll("tbody tr").Count);
        Assert.Contains("Bước này dẫn tới bước không tồn tại.", cut.Find("[data-testid='step-problems-review']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='step-problems-assign']"));
        cut.Find("[data-testid='step-open-approve'] ").Click();
        cut.Find("[data-testid='step-remove-deliver']").Click();
        cut.Find("[data-step='assign'] input").Change("Phân công thụ lý");

        Assert.Equal(["approve"], opened);
        Assert.Equal(["deliver"], removed);
        Assert.Equal(1, changes);
    }

    [Fact]
    public void StepEditor_PreviewsMarkdown_ChecksConditions_AndHandsBackChanges()
    {
        var step = DefinitionEditor.ReadStep(MotCap, "receive")!;
        var changes = new List<(string, StepModel)>();
        var cut = Render<ProcedureStepEditor>(p => p
            .Add(x => x.Step, step)
            .Add(x => x.OriginalId, "receive")
            .Add(x => x.Targets, [("assign", "Phân công"), ("granted", "Kết thúc")])
            .Add(x => x.Changed, c => changes.Add(c)));

        Assert.Contains("<strong>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</strong>", cut.Find("[data-testid='step-editor-preview']").InnerHtml, StringComparison.Ordinal);
        cut.Find("input[data-testid='step-editor-title'], [data-testid='step-editor-title'] input").Change("Tiếp nhận");
        // The change reaches the callback through the renderer: on a loaded machine after Change() has returned.
        cut.WaitForAssertion(() => Assert.Equal("Tiếp nhận", Assert.Single(changes).Item2.Title));

        var decision = DefinitionEditor.ReadStep(MotCap, "result-kind")!;
        decision.Branches[0].When = "vars.paid === true";
        var decisionEditor = Render<ProcedureStepEditor>(p => p
            .Add(x => x.Step, decision)
            .Add(x => x.OriginalId, "result-kind")
            .Add(x => x.VariableNames, DefinitionEditor.VariableNames(MotCap)));
        Assert.Contains("Biến không có trong quy trình: paid", decisionEditor.Find("[data-testid='step-branch-0']").TextContent, StringComparison.Ordinal);
    }
}
