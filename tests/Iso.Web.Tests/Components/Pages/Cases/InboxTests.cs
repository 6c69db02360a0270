using Bunit;
using Iso.Data.Identity;
using Iso.Web.Cases;
using Iso.Web.Components.Pages.Cases;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Components;
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

    [Fact]
    public void Inbox_Filters_PutTheChoiceInTheAddress_AndStartAtTheFirstPage()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("viec-cua-toi?page=2");
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='inbox-empty']")));

        // Native controls, labelled; the dates typed dd/MM/yyyy (a numeric keyboard on a phone).
        Assert.Equal("Trạng thái", cut.Find("label[for='inbox-status']").TextContent);
        var from = cut.Find("[data-testid='inbox-from']");
        Assert.Equal(("text", "numeric", "dd/MM/yyyy"), (from.GetAttribute("type"), from.GetAttribute("inputmode"), from.GetAttribute("placeholder")));
        Assert.Equal("Tiếp nhận từ ngày", cut.Find("label[for='inbox-from']").TextContent);

        cut.Find("[data-testid='inbox-status']").Change("mine");
        Assert.EndsWith("viec-cua-toi?status=mine", navigation.Uri, StringComparison.Ordinal);

        cut.Find("[data-testid='inbox-procedure']").Change("tthc-mot-cap");
        Assert.Contains("procedure=tthc-mot-cap", navigation.Uri, StringComparison.Ordinal);

        cut.Find("[data-testid='inbox-from']").Change("01/11/2026");
        Assert.Contains("receivedFrom=2026-11-01", navigation.Uri, StringComparison.Ordinal);
        Assert.DoesNotContain("page=", navigation.Uri, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5/11/2026")]
    [InlineData("05-11-2026")]
    [InlineData("05.11.2026")]
    [InlineData("05112026")]
    [InlineData(" 05/11/2026 ")]
    public void Inbox_ReceivedDate_TypedDayMonthYear_GoesIntoTheAddressAsAnIsoDate(string typed)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("viec-cua-toi?status=mine");
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='inbox-empty']")));

        cut.Find("[data-testid='inbox-to']").Change(typed);

        Assert.EndsWith("viec-cua-toi?status=mine&receivedTo=2026-11-05", navigation.Uri, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Equal("05/11/2026", cut.Find("[data-testid='inbox-to']").GetAttribute("value")));
        Assert.Equal(new DateOnly(2026, 11, 5), _work.InboxRequests[^1].ReceivedTo);
        Assert.Null(cut.Find("[data-testid='inbox-to']").GetAttribute("aria-invalid"));
    }

    [Theory]
    [InlineData("31/02/2026", "Tháng 02/2026 không có ngày 31: tháng này có 28 ngày.")]
    [InlineData("29/02/2027", "Tháng 02/2027 không có ngày 29: tháng này có 28 ngày.")]
    [InlineData("01/13/2026", "Không có tháng 13: tháng từ 1 đến 12.")]
    [InlineData("01/11/26", "Năm cần đủ 4 chữ số, ví dụ 05/11/2026.")]
    [InlineData("abc", "“abc” không phải là ngày: nhập theo dạng dd/MM/yyyy, ví dụ 05/11/2026.")]
    [InlineData("2026-11-01", "“2026-11-01” không phải là ngày: nhập theo dạng dd/MM/yyyy, ví dụ 05/11/2026.")]
    public void Inbox_ReceivedDate_Invalid_SaysWhatIsWrongNextToTheField_KeepsTheTextAndTheList(string typed, string error)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("viec-cua-toi?status=mine");
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='inbox-empty']")));
        var loads = _work.InboxRequests.Count;

        cut.Find("[data-testid='inbox-from']").Change(typed);

        var field = cut.Find("[data-testid='inbox-from']");
        Assert.Equal(("true", "inbox-from-error", typed), (field.GetAttribute("aria-invalid"), field.GetAttribute("aria-describedby"), field.GetAttribute("value")));
        Assert.Equal(error, cut.Find("#inbox-from-error").TextContent.Trim());
        Assert.EndsWith("viec-cua-toi?status=mine", navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(loads, _work.InboxRequests.Count);

        // Corrected: the error goes, the date is in the address.
        cut.Find("[data-testid='inbox-from']").Change("28/02/2026");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#inbox-from-error")));
        Assert.Contains("receivedFrom=2026-02-28", navigation.Uri, StringComparison.Ordinal);
        Assert.Equal("28/02/2026", cut.Find("[data-testid='inbox-from']").GetAttribute("value"));
    }

    [Fact]
    public void Inbox_ReceivedDates_OutOfOrder_SaysSoOnTheFieldJustTyped_AndFixingTheOtherOneAppliesBoth()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("viec-cua-toi?receivedFrom=2026-11-10");
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='inbox-empty']")));

        cut.Find("[data-testid='inbox-to']").Change("05/11/2026");

        Assert.Equal("Ngày kết thúc 05/11/2026 trước ngày bắt đầu 10/11/2026.", cut.Find("#inbox-to-error").TextContent.Trim());
        Assert.Equal("true", cut.Find("[data-testid='inbox-to']").GetAttribute("aria-invalid"));
        Assert.DoesNotContain("receivedTo", navigation.Uri, StringComparison.Ordinal);

        cut.Find("[data-testid='inbox-from']").Change("01/11/2026");

        Assert.Contains("receivedFrom=2026-11-01&receivedTo=2026-11-05", navigation.Uri, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-input-helper-text.mud-input-error")));
        Assert.Equal(("01/11/2026", "05/11/2026"), (cut.Find("[data-testid='inbox-from']").GetAttribute("value"), cut.Find("[data-testid='inbox-to']").GetAttribute("value")));
    }

    [Fact]
    public void Inbox_ReceivedDate_FromAfterTo_IsAnErrorToo()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("viec-cua-toi?receivedTo=2026-11-05");
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='inbox-empty']")));

        cut.Find("[data-testid='inbox-from']").Change("06/11/2026");

        Assert.Equal("Ngày bắt đầu 06/11/2026 sau ngày kết thúc 05/11/2026.", cut.Find("#inbox-from-error").TextContent.Trim());
        Assert.DoesNotContain("receivedFrom", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Inbox_ReceivedDate_CalendarButton_OpensAHiddenNativePicker_WhosePickGoesIntoTheAddress()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("viec-cua-toi?receivedTo=2026-11-30");
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='inbox-empty']")));

        var button = cut.Find("[data-testid='inbox-from-calendar']");
        Assert.Equal(("inbox-from-picker", "Mở lịch chọn ngày: Tiếp nhận từ ngày"), (button.GetAttribute("data-date-picker"), button.GetAttribute("aria-label")));
        var picker = cut.Find("#inbox-from-picker");
        Assert.Equal(("date", "true", "2026-11-30"), (picker.GetAttribute("type"), picker.GetAttribute("aria-hidden"), picker.GetAttribute("max")));

        picker.Change("2026-11-03");

        Assert.Contains("receivedFrom=2026-11-03", navigation.Uri, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Equal("03/11/2026", cut.Find("[data-testid='inbox-from']").GetAttribute("value")));
    }

    [Fact]
    public void Inbox_ReceivedDate_Emptied_LeavesTheAddress()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("viec-cua-toi?status=mine&receivedFrom=2026-11-01");
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='inbox-empty']")));

        cut.Find("[data-testid='inbox-from']").Change("  ");

        Assert.EndsWith("viec-cua-toi?status=mine", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Inbox_ReceivedDate_InEnglish_IsStillDayMonthYear_WithTheErrorInEnglish()
    {
        IsoTestServices.UseCulture("en-US");
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='inbox-empty']")));

        cut.Find("[data-testid='inbox-from']").Change("31/04/2026");

        Assert.Equal("Month 04/2026 has no day 31: it has 30 days.", cut.Find("#inbox-from-error").TextContent.Trim());
        Assert.Equal("dd/MM/yyyy", cut.Find("[data-testid='inbox-from']").GetAttribute("placeholder"));
    }

    [Fact]
    public void Inbox_WithAFilterInTheAddress_ShowsItSelected_AndOffersToClearIt()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("viec-cua-toi?status=overdue&receivedFrom=2026-11-01");
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='inbox-empty']")));

        Assert.True(cut.Find("[data-testid='inbox-status'] option[value='overdue']").HasAttribute("selected"));
        Assert.Equal("01/11/2026", cut.Find("[data-testid='inbox-from']").GetAttribute("value"));
        Assert.Equal("2026-11-01", cut.Find("#inbox-to-picker").GetAttribute("min"));
        Assert.Equal(("overdue", new DateOnly(2026, 11, 1)), (_work.InboxRequests[^1].Status, _work.InboxRequests[^1].ReceivedFrom!.Value));

        cut.Find("[data-testid='inbox-filter-clear']").Click();
        Assert.EndsWith("/viec-cua-toi", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Inbox_SavedFilter_IsNamedKeptAppliedAndDeleted()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("viec-cua-toi?status=overdue");
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='inbox-empty']")));

        // A name is required: said next to the field.
        cut.Find("[data-testid='inbox-filter-save']").Click();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid='inbox-filter-name']").GetAttribute("aria-invalid")));
        Assert.False(string.IsNullOrWhiteSpace(cut.Find("#inbox-filter-error").TextContent));

        cut.Find("[data-testid='inbox-filter-name']").Change("Quá hạn của tổ");
        cut.Find("[data-testid='inbox-filter-save']").Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='inbox-saved-filter']")));
        Assert.Equal("status=overdue", Assert.Single(_work.Saved).Query);
        var chip = cut.Find("[data-testid='inbox-saved-filter']");
        Assert.Contains("Quá hạn của tổ", chip.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", chip.QuerySelector("button[aria-pressed]")!.GetAttribute("aria-pressed"));
        Assert.Null(cut.Find("[data-testid='inbox-filter-name']").GetAttribute("aria-invalid"));

        navigation.NavigateTo("viec-cua-toi");
        cut.Find("[data-testid='inbox-saved-filter'] button[aria-pressed]").Click();
        Assert.EndsWith("viec-cua-toi?status=overdue", navigation.Uri, StringComparison.Ordinal);

        cut.Find("[data-testid='inbox-saved-filter-delete']").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid='inbox-saved-filter']")));
        Assert.Empty(_work.Saved);
    }

    [Fact]
    public void Inbox_Pages_AreLinksToTheirAddress_WithTheCurrentOneMarked()
    {
        for (var i = 0; i < 45; i++)
        {
            _work.Inbox.Add(FakeCaseWork.Item($"Việc {i}"));
        }

        Services.GetRequiredService<NavigationManager>().NavigateTo("viec-cua-toi?status=all&page=2");
        var cut = Render<Inbox>();

        cut.WaitForAssertion(() => Assert.Equal(20, cut.FindAll("[data-testid='inbox-task']").Count));
        var pager = cut.Find("[data-testid='inbox-pages']");
        var current = pager.QuerySelector("[aria-current='page']")!;
        Assert.Equal("2", current.TextContent.Trim());
        var links = pager.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains(links, h => h!.EndsWith("viec-cua-toi?status=all&page=3", StringComparison.Ordinal));
        Assert.Contains(links, h => h!.EndsWith("viec-cua-toi?status=all", StringComparison.Ordinal));
        Assert.Equal(["Trang trước", "Trang 1", "Trang 2, trang đang xem", "Trang 3", "Trang sau"],
            pager.QuerySelectorAll("li > [aria-label]").Select(e => e.GetAttribute("aria-label")));
    }

    [Theory]
    [InlineData(1, 3, "1 2 3")]
    [InlineData(1, 20, "1 2 3 4 5 … 20")]
    [InlineData(10, 20, "1 … 9 10 11 … 20")]
    [InlineData(20, 20, "1 … 16 17 18 19 20")]
    [InlineData(4, 20, "1 2 3 4 5 … 20")]
    [InlineData(5, 20, "1 … 4 5 6 … 20")]
    public void Inbox_PageNumbers_KeepTheEndsAndTheNeighbours(int current, int count, string expected) =>
        Assert.Equal(expected, string.Join(' ', Inbox.PageNumbers(current, count).Select(n => n == 0 ? "…" : n.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>A full page of twenty rows stays a handful of components: each one costs every open inbox (a Blazor
    /// circuit) its render buffers on the server (ADR 0028).</summary>
    [Fact]
    public void Inbox_AFullPage_IsAFewComponents_NotOnePerRowOrControl()
    {
        for (var i = 0; i < 45; i++)
        {
            _work.Inbox.Add(FakeCaseWork.Item($"Việc {i}", "DueSoon", 3m, mine: i % 2 == 0));
        }

        _work.Saved.Add(new SavedFilterView(Guid.NewGuid(), "Của tôi", "status=mine"));
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.Equal(20, cut.FindAll("[data-testid='inbox-task']").Count));

        Assert.Equal(20, cut.FindAll("[data-testid='due']").Count);
        Assert.NotNull(cut.Find("[data-testid='inbox-pages']"));
        var components = cut.FindComponents<Microsoft.AspNetCore.Components.ComponentBase>().Count;
        Assert.True(components <= 3, $"The inbox renders {components} components under it.");
    }

    private static WorkflowTaskRecord Completed(InboxItem item, Guid by) => new()
    {
        Id = item.Id, CaseId = item.CaseId, DefinitionKey = item.DefinitionKey, NodeId = item.NodeId, Title = item.Title, CandidateRole = item.CandidateRole,
        Status = WorkflowTaskStatus.Completed, CompletedById = by, AssigneeId = by, Scope = string.Empty,
    };
}
