using Bunit;
using Iso.Web.Components.Documents;
using Iso.Web.Documents;
using Iso.Web.Documents.Rendering;
using Iso.Web.Procedures;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Components.Documents;

/// <summary>The flow section of a procedure document (ADR 0025): flowchart and step table of the version it names.</summary>
public sealed class DocumentFlowTableTests : BunitContext
{
    private static readonly string MotCap = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "tthc-mot-cap.json"));

    public DocumentFlowTableTests()
    {
        this.AddIsoTestServices();
        Services.AddSingleton<DocumentHtmlSanitizer>();
        Services.AddSingleton<DocumentMarkdown>();
        IsoTestServices.UseCulture("vi-VN");
    }

    private static DocumentFlow Flow(bool draft, bool approvedWith = false) =>
        new("cap-phieu", "Cấp phiếu lý lịch tư pháp", 3, false, StepTable.Read(MotCap)!, draft)
        {
            Graph = FlowchartGraph.FromJson(MotCap),
            IsApprovedWith = approvedWith,
        };

    [Fact]
    public void CarriedDraft_ShowsItsFlowchartAndSteps_MarkedAsADraft()
    {
        var flow = Flow(draft: true);

        var cut = Render<DocumentFlowTable>(p => p.Add(x => x.Flow, flow).Add(x => x.ShowChart, true));

        Assert.Equal("DỰ THẢO", cut.Find("[data-testid='document-flow-draft']").TextContent.Trim());
        Assert.Contains("bản nháp", cut.Find("[data-testid='document-flow-source']").TextContent, StringComparison.Ordinal);
        Assert.Contains("phiên bản 3", cut.Find("[data-testid='document-flow-source']").TextContent, StringComparison.Ordinal);
        Assert.Equal(15, cut.FindAll("[data-testid='document-flowchart'] [data-node]").Count);
        Assert.Equal(flow.Steps.Steps.Count, cut.FindAll("[data-testid='document-flow-steps'] tbody tr").Count);
        Assert.Contains("Kiểm tra, tiếp nhận hồ sơ", cut.Find("[data-testid='document-flow-steps']").TextContent, StringComparison.Ordinal);
        // An outcome names the next step by its number and title, not the definition's id.
        var first = cut.FindAll("[data-testid='document-flow-steps'] tbody tr")[0].TextContent;
        Assert.Contains("→ 2. Phân công xử lý hồ sơ", first, StringComparison.Ordinal);
        Assert.DoesNotContain("→ assign", first, StringComparison.Ordinal);
        // An end says what it means, never its id.
        Assert.Contains("Từ chối tiếp nhận → Kết thúc (Từ chối)", first, StringComparison.Ordinal);
        Assert.Contains("→ Kết thúc (Yêu cầu bổ sung)", first, StringComparison.Ordinal);
        Assert.DoesNotContain("refused-at-intake", first, StringComparison.Ordinal);
        // A decision after the last step reads as its alternatives.
        var last = cut.FindAll("[data-testid='document-flow-steps'] tbody tr")[^1].TextContent;
        Assert.Contains("Đã trả kết quả → Kết thúc (Hoàn thành) / Kết thúc (Từ chối)", last, StringComparison.Ordinal);
        Assert.DoesNotContain("result-kind", last, StringComparison.Ordinal);
    }

    [Fact]
    public void ParallelConsultation_ReadsAsBothBranches()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "tthc-lien-thong.json"));
        var flow = new DocumentFlow("lien-thong", "Liên thông", 1, true, StepTable.Read(json)!) { Graph = FlowchartGraph.FromJson(json) };

        var cut = Render<DocumentFlowTable>(p => p.Add(x => x.Flow, flow));

        var rows = cut.FindAll("[data-testid='document-flow-steps'] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains(
            "Đã gửi lấy ý kiến → 4. Nhận ý kiến của cơ quan phối hợp thứ nhất + 5. Nhận ý kiến của cơ quan phối hợp thứ hai", StringComparison.Ordinal));
        // Through the join and the decision: the steps the opinions lead to.
        Assert.Contains(rows, r => r.Contains(
            "Đã nhận ý kiến → 6. Tổng hợp ý kiến, dự thảo kết quả giải quyết / 7. Tổng hợp ý kiến, dự thảo văn bản từ chối", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("consult", StringComparison.Ordinal) || r.Contains("opinions-agree", StringComparison.Ordinal));
    }

    [Fact]
    public void ApprovedVersion_IsNotMarked_AndSaysItWasPublishedWithTheDocument()
    {
        var cut = Render<DocumentFlowTable>(p => p.Add(x => x.Flow, Flow(draft: false, approvedWith: true)).Add(x => x.ShowChart, true));

        Assert.Empty(cut.FindAll("[data-testid='document-flow-draft']"));
        Assert.Contains("ban hành cùng tài liệu này", cut.Find("[data-testid='document-flow-source']").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid='document-flowchart'] svg"));
    }

    [Fact]
    public void Print_KeepsTheStepTable_WithoutTheFlowchart()
    {
        var cut = Render<DocumentFlowTable>(p => p.Add(x => x.Flow, Flow(draft: false)));

        Assert.Empty(cut.FindAll("[data-testid='document-flowchart']"));
        Assert.NotEmpty(cut.FindAll("[data-testid='document-flow-steps'] tbody tr"));
    }
}
