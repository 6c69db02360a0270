using Bunit;
using Iso.Data.Identity;
using Iso.Web.Cases;
using Iso.Web.Components.Pages.Cases;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Components.Pages.Cases;

public sealed class InboxTests : BunitContext
{
    private readonly FakeCaseWork _work = new();
    private readonly Guid _agencyId = Guid.NewGuid();

    public InboxTests()
    {
        this.AddIsoTestServices();
        Services.AddSingleton<ICaseWork>(_work);
        Services.AddSingleton<WorkflowChangeHub>();
        Services.AddSingleton<CaseClock>();
        this.SignIn(TestUsers.Person("Lê Văn Ba", _agencyId, IsoRoles.Staff));
        IsoTestServices.UseCulture("vi-VN");
    }

    [Fact]
    public void Inbox_MarksEachTaskInWordsWithItsDueMomentAndWorkingTimeLeft()
    {
        _work.Inbox.Add(FakeCaseWork.Item("Thẩm định hồ sơ", "Overdue", -10m));
        _work.Inbox.Add(FakeCaseWork.Item("Phân công xử lý", "DueSoon", 3.5m, mine: true));
        _work.Inbox.Add(FakeCaseWork.Item("Vào sổ, đóng dấu", "OnTime", 20m));

        var cut = Render<Inbox>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid='inbox-task']").Count));
        var badges = cut.FindAll("[data-testid='due']");
        Assert.Equal(["Overdue", "DueSoon", "OnTime"], badges.Select(b => b.GetAttribute("data-due-state")));
        Assert.Contains("Quá hạn", badges[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Hạn: 03/12/2026 09:30", badges[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("trễ 1 ngày 2 giờ làm việc", badges[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Sắp đến hạn", badges[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("còn 3,5 giờ làm việc", badges[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("iso-due-overdue", badges[0].ClassName, StringComparison.Ordinal);
        Assert.Equal("Việc của tôi", cut.Find("h1").TextContent.Trim());
    }

    [Fact]
    public void Inbox_WhenTheNotifierSaysSomeoneElseCompletedATask_DropsItWithoutAReload()
    {
        var taken = FakeCaseWork.Item("Thẩm định hồ sơ");
        var kept = FakeCaseWork.Item("Phân công xử lý");
        _work.Inbox.AddRange([taken, kept]);
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid='inbox-task']").Count));
        var loads = _work.InboxRequests.Count;

        Services.GetRequiredService<WorkflowChangeHub>().Committed(new WorkflowCommit("CompleteTask", taken.CaseId, [Completed(taken, Guid.NewGuid())], []));

        cut.WaitForAssertion(() => Assert.Equal([kept.Id.ToString()], cut.FindAll("[data-testid='inbox-task']").Select(a => a.GetAttribute("data-task-id"))));
        Assert.Contains("Thẩm định hồ sơ", cut.Find("[data-testid='inbox-gone']").TextContent, StringComparison.Ordinal);
        Assert.Equal(loads, _work.InboxRequests.Count);
    }

    [Fact]
    public void Inbox_WhenNewWorkArrivesForMyRole_OffersAReload()
    {
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='inbox-empty']")));
        var task = new WorkflowTaskRecord
        {
            Id = Guid.NewGuid(), CaseId = Guid.NewGuid(), AgencyId = _agencyId, DefinitionKey = "tthc-mot-cap", NodeId = "receive", Title = "Kiểm tra, tiếp nhận hồ sơ",
            CandidateRole = IsoRoles.Staff, Status = WorkflowTaskStatus.Open, Scope = string.Empty,
        };

        Services.GetRequiredService<WorkflowChangeHub>().Committed(new WorkflowCommit("StartCase", task.CaseId, [task], []));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='inbox-new-work']")));
    }

    [Fact]
    public void Inbox_Empty_SaysWhatWouldAppearThere()
    {
        var cut = Render<Inbox>();

        cut.WaitForAssertion(() => Assert.Contains("Khi hồ sơ đến bước của bạn", cut.Find("[data-testid='inbox-empty']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Inbox_Unsubscribes_WhenItCloses()
    {
        var hub = Services.GetRequiredService<WorkflowChangeHub>();
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.Equal(1, hub.SubscriberCount));

        cut.Instance.Dispose();

        Assert.Equal(0, hub.SubscriberCount);
    }

    private static WorkflowTaskRecord Completed(InboxItem item, Guid by) => new()
    {
        Id = item.Id, CaseId = item.CaseId, DefinitionKey = item.DefinitionKey, NodeId = item.NodeId, Title = item.Title, CandidateRole = item.CandidateRole,
        Status = WorkflowTaskStatus.Completed, CompletedById = by, AssigneeId = by, Scope = string.Empty,
    };
}
