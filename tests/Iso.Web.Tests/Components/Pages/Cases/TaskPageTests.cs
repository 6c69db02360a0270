using Bunit;
using Bunit.TestDoubles;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Cases;
using Iso.Web.Components.Pages.Cases;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Components.Pages.Cases;

public sealed class TaskPageTests : BunitContext
{
    private readonly FakeCaseWork _work = new();

    public TaskPageTests()
    {
        this.AddIsoTestServices();
        Services.AddSingleton<ICaseWork>(_work);
        Services.AddSingleton<WorkflowChangeHub>();
        Services.AddSingleton<CaseClock>();
        Services.AddSingleton<SafeMarkdown>();
        this.SignIn(TestUsers.Person("Lê Văn Ba", Guid.NewGuid(), IsoRoles.Staff));
        IsoTestServices.UseCulture("vi-VN");
    }

    [Fact]
    public void TaskPage_ShowsTheSanitisedInstructionsFieldsOutcomesAndTimeline()
    {
        var task = Details(instructions: "Bước 3: **thẩm định** hồ sơ. <script>alert(1)</script>");

        var cut = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Task.Id));

        cut.WaitForAssertion(() => Assert.Equal("Thẩm định hồ sơ, dự thảo kết quả", cut.Find("[data-testid='task-title']").TextContent.Trim()));
        var instructions = cut.Find("[data-testid='task-instructions']");
        Assert.Equal("thẩm định", instructions.QuerySelector("strong")?.TextContent);
        Assert.Null(instructions.QuerySelector("script"));
        Assert.Equal(["eligible", "examinationNote"], cut.FindAll("[data-testid='task-field']").Select(f => f.GetAttribute("data-field")));
        Assert.Equal(["submit", "requestSupplement"], cut.FindAll("[data-testid='task-outcome']").Select(b => b.GetAttribute("data-outcome")));
        var timeline = cut.Find("[data-testid='task-timeline']").TextContent;
        Assert.Contains("Tiếp nhận hồ sơ", timeline, StringComparison.Ordinal);
        // A completed step of the timeline is named with its outcome's label, not its key.
        Assert.Contains("Kiểm tra, tiếp nhận hồ sơ — Tiếp nhận, chuyển xử lý", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("— accept", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public void AReaderWhoMayNotWorkTheTask_GetsNeitherCommentBoxNorOutcomes()
    {
        var task = Details();
        _work.Tasks[task.Task.Id] = task with { MayWork = false, MayClaim = false };

        var cut = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Task.Id));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='task-timeline']")));
        Assert.Empty(cut.FindAll("[data-testid='task-comment']"));
        Assert.Empty(cut.FindAll("[data-testid='task-outcome']"));
    }

    [Fact]
    public void Return_WithoutAComment_SaysSoNextToTheCommentBox_AndSendsNothing()
    {
        var task = Details();
        var cut = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Task.Id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='task-outcome']")));

        cut.Find("[data-outcome='requestSupplement']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Chọn “Đề nghị bổ sung hồ sơ” cần ghi ý kiến.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(_work.Completed);
    }

    [Fact]
    public void RequiredField_LeftEmpty_IsFlaggedOnSubmit_AndNothingIsSent()
    {
        var task = Details(eligible: null);
        var cut = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Task.Id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='task-outcome']")));

        cut.Find("[data-outcome='submit']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Cần nhập “Hồ sơ đủ điều kiện giải quyết”", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(_work.Completed);
    }

    [Fact]
    public void Completing_OpensTheNextTaskOfTheInbox()
    {
        var task = Details();
        var next = FakeCaseWork.Item("Xem xét, trình lãnh đạo");
        _work.Inbox.AddRange([FakeCaseWork.Item("done") with { Id = task.Task.Id }, next]);
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        var cut = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Task.Id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='task-outcome']")));

        cut.Find("[data-outcome='submit']").Click();

        cut.WaitForAssertion(() => Assert.EndsWith($"viec/{next.Id}", navigation.Uri, StringComparison.Ordinal));
        var (id, request) = Assert.Single(_work.Completed);
        Assert.Equal((task.Task.Id, "submit"), (id, request.Outcome));
        Assert.Equal("true", request.Form!["eligible"].GetString());
    }

    [Fact]
    public void TaskCompletedBySomeoneElseMeanwhile_SaysWho()
    {
        var task = Details();
        var cut = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Task.Id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='task-outcome']")));
        var by = Guid.NewGuid();
        _work.Tasks[task.Task.Id] = task with
        {
            Task = task.Task with { Status = "Completed", CompletedById = by, CompletedAt = new DateTimeOffset(2026, 12, 2, 14, 5, 0, TimeSpan.FromHours(7)), Outcome = "submit" },
            CompletedByName = "Trần Thị Hai",
            MayWork = false,
        };

        Services.GetRequiredService<WorkflowChangeHub>().Committed(new WorkflowCommit("CompleteTask", task.Task.CaseId,
            [new WorkflowTaskRecord { Id = task.Task.Id, CaseId = task.Task.CaseId, DefinitionKey = "tthc-mot-cap", NodeId = "examine", Title = task.Task.Title, CandidateRole = "Staff", Status = WorkflowTaskStatus.Completed, CompletedById = by, Scope = string.Empty }], []));

        cut.WaitForAssertion(() => Assert.Contains("Công việc này đã được Trần Thị Hai xử lý lúc 02/12/2026 14:05 (Trình Trưởng phòng)", cut.Find("[data-testid='task-done']").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid='task-outcome']"));
    }

    [Fact]
    public void CompleteRefusedAsAlreadyDone_ReloadsAndSaysWho()
    {
        var task = Details();
        _work.CompleteProblem = Problem.Of(ProblemKind.Conflict, Message.Verbatim("Công việc đã được xử lý trước đó."));
        var cut = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Task.Id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='task-outcome']")));
        _work.Tasks[task.Task.Id] = task with { Task = task.Task with { Status = "Completed", Outcome = "submit" }, CompletedByName = "Trần Thị Hai", MayWork = false };

        cut.Find("[data-outcome='submit']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Trần Thị Hai", cut.Find("[data-testid='task-done']").TextContent, StringComparison.Ordinal));
    }

    private TaskDetails Details(string instructions = "Bước 3 (Chuyên viên): thẩm định hồ sơ.", string? eligible = "true")
    {
        var id = Guid.NewGuid();
        var caseId = Guid.NewGuid();
        var view = new TaskView(id, caseId, "tthc-mot-cap", "examine", "Thẩm định hồ sơ, dự thảo kết quả", "Staff", "CHUYEN-MON", null, "Open",
            DateTimeOffset.UtcNow.AddHours(-1), new DateTimeOffset(2026, 12, 10, 17, 0, 0, TimeSpan.FromHours(7)), "OnTime", null, null, null, null, null);
        var details = new TaskDetails(
            view, 40m, "000.00.15.H01-261201-0001", "Thủ tục một cơ quan", new DateTimeOffset(2026, 12, 1, 8, 15, 0, TimeSpan.FromHours(7)),
            new DateTimeOffset(2026, 12, 15, 8, 15, 0, TimeSpan.FromHours(7)), "Running", new SafeMarkdown().ToHtml(instructions),
            [new FormFieldView("eligible", "Boolean", "Hồ sơ đủ điều kiện giải quyết", true, eligible), new FormFieldView("examinationNote", "Text", "Kết quả thẩm định", false, null)],
            [new OutcomeView("submit", "Trình Trưởng phòng", false), new OutcomeView("requestSupplement", "Đề nghị bổ sung hồ sơ", true)],
            [
                new TimelineEntry(1, new DateTimeOffset(2026, 12, 1, 8, 15, 0, TimeSpan.FromHours(7)), "CaseStarted", "Nguyễn Văn Một", null, null, null),
                new TimelineEntry(4, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7)), "TaskCompleted", "Nguyễn Văn Một", "Kiểm tra, tiếp nhận hồ sơ",
                    "accept", null, "Tiếp nhận, chuyển xử lý"),
            ],
            [], null, null, MayWork: true, MayClaim: true, MayRelease: false, MayReassign: false);
        _work.Tasks[id] = details;
        return details;
    }
}
