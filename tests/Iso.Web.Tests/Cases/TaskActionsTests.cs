using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Data;
using Iso.Web.Application;
using Iso.Web.Cases;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cases;

/// <summary>Reassign, unclaim, return with a comment, notifications and faulted cases, through the use cases and the API.</summary>
public sealed class TaskActionsTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reassign_ByALeaderToACandidate_HandsTheTaskOver()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (caseId, taskId) = await world.StartAsync("HS-R1");
        var to = await world.UserIdAsync(world.SecondClerk);
        await using var scope = factory.Services.CreateAsyncScope();
        var leader = await InboxWorld.CallerAsync(scope, world.Leader);

        var candidates = await scope.Get<ReassignTask>().CandidatesAsync(leader, taskId, Ct);
        var result = await scope.Get<ReassignTask>().HandleAsync(leader, taskId, new ReassignTaskRequest(to, "Anh Một nghỉ phép"), Ct);

        Assert.Equal(["Nguyễn Văn Một", "Trần Thị Hai"], candidates.Select(c => c.FullName));
        Assert.True(result.Succeeded, result.Problem?.ToString());
        Assert.Equal(to, (await scope.Get<IWorkflowStore>().FindTaskAsync(taskId, Ct))!.AssigneeId);
        Assert.Contains(await scope.Get<IWorkflowStore>().GetJournalAsync(caseId, Ct), e => e.Kind == JournalKinds.TaskReassigned && e.ActorId == leader.UserId);
    }

    [Fact]
    public async Task Reassign_ByStaff_IsForbidden()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, taskId) = await world.StartAsync("HS-R2");
        await using var scope = factory.Services.CreateAsyncScope();

        var result = await scope.Get<ReassignTask>().HandleAsync(
            await InboxWorld.CallerAsync(scope, world.Clerk), taskId, new ReassignTaskRequest(await world.UserIdAsync(world.SecondClerk)), Ct);

        Assert.Equal(ProblemKind.Forbidden, result.Problem?.Kind);
    }

    [Fact]
    public async Task Reassign_ToSomeoneWhoIsNotACandidate_IsInvalidOnToUserId()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, taskId) = await world.StartAsync("HS-R3");
        await using var scope = factory.Services.CreateAsyncScope();
        var leader = await InboxWorld.CallerAsync(scope, world.Leader);

        // The specialist is Staff but of CHUYEN-MON; the intake step is MOT-CUA's. The other agency's clerk is of MOT-CUA elsewhere.
        var otherUnit = await scope.Get<ReassignTask>().HandleAsync(leader, taskId, new ReassignTaskRequest(await world.UserIdAsync(world.Specialist)), Ct);
        var otherAgency = await scope.Get<ReassignTask>().HandleAsync(leader, taskId, new ReassignTaskRequest(await world.UserIdAsync(world.OtherClerk)), Ct);

        Assert.Equal(ProblemKind.Invalid, otherUnit.Problem?.Kind);
        Assert.Contains("toUserId", otherUnit.Problem!.Errors.Keys);
        Assert.Equal(ProblemKind.Invalid, otherAgency.Problem?.Kind);
        Assert.Null((await scope.Get<IWorkflowStore>().FindTaskAsync(taskId, Ct))!.AssigneeId);
    }

    [Fact]
    public async Task Reassign_ByALeaderOfAnotherAgency_FindsNoSuchTask()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, taskId) = await world.StartAsync("HS-R4");
        await using var scope = factory.Services.CreateAsyncScope();

        var result = await scope.Get<ReassignTask>().HandleAsync(
            await InboxWorld.CallerAsync(scope, world.OtherLeader), taskId, new ReassignTaskRequest(await world.UserIdAsync(world.OtherClerk)), Ct);

        Assert.Equal(ProblemKind.NotFound, result.Problem?.Kind);
    }

    [Fact]
    public async Task ReassignEndpoint_ByALeader_Is200_AndByStaff_Is403()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, taskId) = await world.StartAsync("HS-R5");
        var to = await world.UserIdAsync(world.SecondClerk);
        using var clerk = await factory.CreateClientForAsync(world.Clerk, Demo.Password);
        using var leader = await factory.CreateClientForAsync(world.Leader, Demo.Password);

        using var refused = await clerk.PostAsJsonAsync($"/api/v1/tasks/{taskId}/reassign", new { toUserId = to }, Ct);
        using var done = await leader.PostAsJsonAsync($"/api/v1/tasks/{taskId}/reassign", new { toUserId = to }, Ct);

        await HttpAssert.ProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
    }

    [Fact]
    public async Task Return_WithoutAComment_IsInvalidOnComment_AndWithOneCompletes()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, taskId) = await world.StartAsync("HS-T1");
        await using var scope = factory.Services.CreateAsyncScope();
        var clerk = await InboxWorld.CallerAsync(scope, world.Clerk);

        var blank = await scope.Get<CompleteTask>().HandleAsync(clerk, taskId, new CompleteTaskRequest("refuse", " \u200b "), Ct);
        var form = ReceiveForm("I12-0001");
        var given = await scope.Get<CompleteTask>().HandleAsync(clerk, taskId, new CompleteTaskRequest("refuse", "Hồ sơ không thuộc thẩm quyền của Sở.", form), Ct);

        Assert.Equal(ProblemKind.Invalid, blank.Problem?.Kind);
        Assert.Contains("comment", blank.Problem!.Errors.Keys);
        Assert.True(given.Succeeded, given.Problem?.ToString());
    }

    [Fact]
    public async Task TaskTimeline_NamesEachCompletedStepsOutcomeAsThatStepLabelsIt()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, taskId) = await world.StartAsync("HS-T2");
        await using var scope = factory.Services.CreateAsyncScope();
        var clerk = await InboxWorld.CallerAsync(scope, world.Clerk);
        var form = ReceiveForm("I12-0002");
        var done = await scope.Get<CompleteTask>().HandleAsync(clerk, taskId, new CompleteTaskRequest("accept", null, form), Ct);
        Assert.True(done.Succeeded, done.Problem?.ToString());
        var next = Assert.Single((await scope.Get<IWorkflowStore>().GetTasksOfCaseAsync(done.Value.CaseId, Ct)), t => t.NodeId == "assign");

        var details = await scope.Get<GetTask>().HandleAsync(await InboxWorld.CallerAsync(scope, world.Leader), next.Id, Ct);

        // The assign step has its own outcomes ("assign"); the receive step's "accept" is named by the receive step.
        var completed = Assert.Single(details.Value.Timeline, e => e.Kind == JournalKinds.TaskCompleted);
        Assert.Equal(("accept", "Tiếp nhận, chuyển xử lý"), (completed.Outcome, completed.OutcomeLabel));
    }

    [Fact]
    public async Task Release_GivesAClaimedTaskBackToTheUnit()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, taskId) = await world.StartAsync("HS-U1");
        using var clerk = await factory.CreateClientForAsync(world.Clerk, Demo.Password);
        using var other = await factory.CreateClientForAsync(world.SecondClerk, Demo.Password);
        (await clerk.PostAsync($"/api/v1/tasks/{taskId}/claim", null, Ct)).EnsureSuccessStatusCode();

        using var notTheirs = await other.PostAsync($"/api/v1/tasks/{taskId}/release", null, Ct);
        using var released = await clerk.PostAsync($"/api/v1/tasks/{taskId}/release", null, Ct);

        await HttpAssert.ProblemAsync(notTheirs, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        var inbox = await other.GetFromJsonAsync<JsonElement>("/api/v1/tasks", Ct);
        Assert.Contains(inbox.EnumerateArray(), t => t.GetProperty("id").GetGuid() == taskId);
    }

    [Fact]
    public async Task InboxEndpoint_PagesWithTheTotalInAHeader_AndRefusesAnUnknownStatus()
    {
        var world = await InboxWorld.CreateAsync(factory);
        await world.StartAsync("HS-P1");
        await world.StartAsync("HS-P2");
        using var clerk = await factory.CreateClientForAsync(world.Clerk, Demo.Password);

        using var page = await clerk.GetAsync("/api/v1/tasks?pageSize=1&page=2&procedure=tthc-mot-cap", Ct);
        using var bad = await clerk.GetAsync("/api/v1/tasks?status=whatever", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("2", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Single((await page.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray());
        await HttpAssert.ProblemAsync(bad, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Notifications_OfANewTask_AreReadPerPerson_AndLeaveWhenSomeoneElseTakesTheTask()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, taskId) = await world.StartAsync("HS-N1");
        await using var scope = factory.Services.CreateAsyncScope();
        var notifications = scope.Get<MyNotifications>();
        var clerk = await InboxWorld.CallerAsync(scope, world.Clerk);
        var second = await InboxWorld.CallerAsync(scope, world.SecondClerk);

        var before = (await notifications.HandleAsync(clerk, Ct)).Value;
        var item = Assert.Single(before.Items);
        Assert.Equal(("NewTask", taskId, false), (item.Kind, item.TaskId, item.IsRead));
        Assert.Equal(1, (await notifications.MarkReadAsync(clerk, [item.Id], Ct)).Value);

        Assert.Equal(0, (await notifications.HandleAsync(clerk, Ct)).Value.Unread);
        Assert.Equal(1, (await notifications.HandleAsync(second, Ct)).Value.Unread);
        Assert.True((await scope.Get<ClaimTask>().HandleAsync(clerk, taskId, Ct)).Succeeded);
        Assert.Empty((await notifications.HandleAsync(second, Ct)).Value.Items);
        Assert.Empty((await notifications.HandleAsync(await InboxWorld.CallerAsync(scope, world.OtherClerk), Ct)).Value.Items);
    }

    [Fact]
    public async Task FaultedCases_AdministratorSeesRetriesAndCancels_OthersMayNot()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (retried, _) = await world.StartAsync("HS-F1");
        var (cancelled, _) = await world.StartAsync("HS-F2");
        var (healthy, _) = await world.StartAsync("HS-F3");
        await FaultAsync(retried);
        await FaultAsync(cancelled);
        await using var scope = factory.Services.CreateAsyncScope();
        var faults = scope.Get<FaultedCases>();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);

        Assert.Equal(ProblemKind.Forbidden, (await faults.ListAsync(await InboxWorld.CallerAsync(scope, world.Leader), Ct)).Problem?.Kind);
        var listed = (await faults.ListAsync(admin, Ct)).Value;
        Assert.Contains(listed, c => c.Id == retried && c.Reason == "Máy chủ thư không phản hồi");
        Assert.DoesNotContain(listed, c => c.Id == healthy);

        var retry = (await faults.RetryAsync(admin, new FaultedCasesRequest([retried, healthy]), Ct)).Value;
        var noReason = await faults.CancelAsync(admin, new FaultedCasesRequest([cancelled], " "), Ct);
        var cancel = (await faults.CancelAsync(admin, new FaultedCasesRequest([cancelled], "Không thể gửi thư, hủy theo đề nghị của người nộp."), Ct)).Value;

        Assert.Equal([(retried, true), (healthy, false)], retry.Select(o => (o.CaseId, o.Done)));
        Assert.Equal(ProblemKind.Invalid, noReason.Problem?.Kind);
        Assert.True(Assert.Single(cancel).Done);
        var store = scope.Get<IWorkflowStore>();
        var afterRetry = (await store.FindCaseAsync(retried, Ct))!;
        Assert.Null(afterRetry.FaultedAt);
        var journal = await store.GetJournalAsync(retried, Ct);
        Assert.Contains(journal, e => e.Kind == JournalKinds.CaseFaultRetried && e.ActorId == admin.UserId);
        Assert.Contains(journal, e => e.Kind == JournalKinds.CaseOverdue);
        Assert.Equal(CaseStatus.Cancelled, (await store.FindCaseAsync(cancelled, Ct))!.Status);
        Assert.DoesNotContain((await faults.ListAsync(admin, Ct)).Value, c => c.Id == retried || c.Id == cancelled);
    }

    /// <summary>Puts a case where the engine leaves one after the last failed retry: its time-limit timer due and faulted.</summary>
    private async Task FaultAsync(Guid caseId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var now = DateTimeOffset.UtcNow;
        await db.Set<WorkflowTimerRecord>().Where(t => t.CaseId == caseId && t.Kind == TimerKind.CaseOverdue)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, now.AddDays(-1)).SetProperty(t => t.FaultedAt, now).SetProperty(t => t.Attempts, 5), Ct);
        await db.Set<WorkflowCaseRecord>().Where(c => c.Id == caseId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.FaultedAt, now).SetProperty(c => c.FaultReason, "Máy chủ thư không phản hồi"), Ct);
    }

    /// <summary>The intake step's form as the one-stop clerk fills it.</summary>
    private static Dictionary<string, JsonElement> ReceiveForm(string receiptNo) => new()
    {
        ["receiptNo"] = JsonSerializer.SerializeToElement(receiptNo),
        ["applicantName"] = JsonSerializer.SerializeToElement("Nguyễn Thị Bích"),
    };
}
