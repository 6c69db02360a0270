using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Data;
using Iso.Web.Application;
using Iso.Web.Cases;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Calendar;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cases;

/// <summary>The apology letter of a late case (form 04): lateness in working time, the system's draft with its new date,
/// drafting by the handling officer, issuing by a leader only and once, the journal, the bell and the citizen lookup.</summary>
public sealed class CaseApologiesTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // ---- lateness, in working time ----

    [Fact]
    public void Lateness_AcrossTheReunificationHolidays_IsOnTimeUntilTheWorkingDueMomentPasses()
    {
        var calendar = factory.Services.GetRequiredService<IWorkingCalendar>();
        var zone = TimeSpan.FromHours(7);
        // Wednesday 29/4/2026, 08:00; 30/4 and 1/5 are holidays, 2–3/5 a weekend: two working days end after 4/5.
        var received = new DateTimeOffset(2026, 4, 29, 8, 0, 0, zone);
        var due = calendar.AddWorkingTime(received, WorkingDuration.FromDays(2));
        Assert.True(due >= new DateTimeOffset(2026, 5, 4, 17, 0, 0, zone), $"due {due}");
        var workflowCase = new WorkflowCaseRecord { Id = Guid.NewGuid(), DefinitionKey = "tthc-mot-cap", VariablesJson = "{}", Status = CaseStatus.Running, ReceivedAt = received, DueAt = due };

        // Four calendar days later, over the holidays and the weekend: not late.
        Assert.Equal(Lateness.OnTime, Lateness.Of(workflowCase, [], due, new DateTimeOffset(2026, 5, 3, 12, 0, 0, zone)));
        Assert.Equal(Lateness.OnTime, Lateness.Of(workflowCase, [], due, due.AddMinutes(-1)));
        Assert.Equal(Lateness.Late, Lateness.Of(workflowCase, [], due, due.AddMinutes(1)));
    }

    [Fact]
    public void Lateness_OfAStepOverdueOrDueAfterTheAppointment_IsAtRisk_AndOfAFinishedCase_Finished()
    {
        var now = new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.FromHours(7));
        var workflowCase = new WorkflowCaseRecord { Id = Guid.NewGuid(), DefinitionKey = "tthc-mot-cap", VariablesJson = "{}", Status = CaseStatus.Running, DueAt = now.AddDays(5) };
        WorkflowTaskRecord Step(DateTimeOffset? due) => new()
        {
            Id = Guid.NewGuid(), CaseId = workflowCase.Id, DefinitionKey = "tthc-mot-cap", Scope = "main", NodeId = "examine", Title = "Thẩm định", CandidateRole = "Staff", Status = WorkflowTaskStatus.Open, DueAt = due,
        };

        Assert.Equal(Lateness.OnTime, Lateness.Of(workflowCase, [Step(now.AddDays(1))], workflowCase.DueAt, now));
        Assert.Equal(Lateness.AtRisk, Lateness.Of(workflowCase, [Step(now.AddHours(-1))], workflowCase.DueAt, now));
        Assert.Equal(Lateness.AtRisk, Lateness.Of(workflowCase, [Step(now.AddDays(6))], workflowCase.DueAt, now));
        workflowCase.Status = CaseStatus.Completed;
        Assert.Equal(Lateness.Finished, Lateness.Of(workflowCase, [Step(now.AddHours(-1))], workflowCase.DueAt, now.AddDays(10)));
    }

    // ---- the flow ----

    [Fact]
    public async Task LateCase_DraftedByTheHandlingOfficer_WithTheProposedDateInWorkingTime_IssuedByALeaderOnce_JournalVerifies_LookupShowsTheNewDate()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (caseId, code) = await StartLateCaseAsync(world);
        await using var scope = factory.Services.CreateAsyncScope();
        var apologies = scope.Get<CaseApologies>();
        var calendar = scope.ServiceProvider.GetRequiredService<IWorkingCalendar>();
        var clerk = await InboxWorld.CallerAsync(scope, world.Clerk);
        var leader = await InboxWorld.CallerAsync(scope, world.Leader);

        var before = await apologies.GetAsync(clerk, code, Ct);
        Assert.Equal(Lateness.Late, before.Value.Lateness);
        Assert.Null(before.Value.Pending);
        Assert.True(before.Value.MayDraft);
        Assert.False(before.Value.MayIssue);
        Assert.NotNull(before.Value.Proposal);

        // The clerk handles the intake step: drafting with nothing given takes the system's proposal.
        var drafted = await apologies.DraftAsync(clerk, code, new DraftApologyRequest(), Ct);
        Assert.True(drafted.Succeeded, drafted.Problem?.ToString());
        var draft = drafted.Value.Pending!;
        Assert.Equal("draft", draft.Status);
        Assert.Equal("Hồ sơ giải quyết quá hạn so với thời hạn đã hẹn.", draft.Reason);
        // tthc-mot-cap's onCaseOverdue names 3 working days (24 working hours) from the drafting moment.
        var extension = calendar.WorkingTimeBetween(draft.DraftedAt, draft.NewAppointmentAt).Hours;
        Assert.InRange(extension, 23.9m, 24m);
        Assert.Equal("Nguyễn Văn Một", draft.DraftedBy);

        // Edited: reason and date; still one pending draft.
        var newDate = calendar.AddWorkingTime(draft.NewAppointmentAt, WorkingDuration.FromDays(1));
        var edited = await apologies.DraftAsync(clerk, code, new DraftApologyRequest("Cần xác minh thêm thông tin tại địa phương.", newDate), Ct);
        Assert.True(edited.Succeeded, edited.Problem?.ToString());
        Assert.Equal(draft.Id, edited.Value.Pending!.Id);
        Assert.Equal(newDate, edited.Value.Pending.NewAppointmentAt);

        // The clerk may not sign it; the leader does, once.
        Assert.Equal(ProblemKind.Forbidden, (await apologies.IssueAsync(clerk, code, new IssueApologyRequest(), Ct)).Problem?.Kind);
        var issued = await apologies.IssueAsync(leader, code, new IssueApologyRequest(draft.Id), Ct);
        Assert.True(issued.Succeeded, issued.Problem?.ToString());
        Assert.Null(issued.Value.Pending);
        var letter = Assert.Single(issued.Value.Issued);
        Assert.Equal("issued", letter.Status);
        Assert.Equal("Phạm Thị Bốn", letter.IssuedBy);
        Assert.Equal(newDate, issued.Value.AppointmentAt);
        Assert.Equal(Lateness.OnTime, issued.Value.Lateness);
        Assert.Equal(ProblemKind.Conflict, (await apologies.IssueAsync(leader, code, new IssueApologyRequest(draft.Id), Ct)).Problem?.Kind);
        // On time against the new date: no second draft.
        Assert.Equal(ProblemKind.Conflict, (await apologies.DraftAsync(clerk, code, new DraftApologyRequest(), Ct)).Problem?.Kind);

        var details = (await scope.Get<GetCase>().HandleAsync(leader, caseId, Ct)).Value;
        Assert.True(details.JournalVerification.IsValid, details.JournalVerification.Problem);
        Assert.Equal(2, details.Journal.Count(e => e.Kind == JournalKinds.ApologyDrafted));
        var issuedEntry = Assert.Single(details.Journal, e => e.Kind == JournalKinds.ApologyIssued);
        Assert.Equal(await world.UserIdAsync(world.Leader), issuedEntry.ActorId);

        var lookup = await scope.Get<LookupPublicCase>().HandleAsync(code, Ct);
        Assert.Equal(newDate, lookup.Value.AppointmentAt);
        Assert.True(lookup.Value.Rescheduled);
    }

    [Fact]
    public async Task PendingApology_IsInTheLeadersBell_UntilIssued()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (caseId, code) = await StartLateCaseAsync(world);
        await using var scope = factory.Services.CreateAsyncScope();
        var apologies = scope.Get<CaseApologies>();
        var leader = await InboxWorld.CallerAsync(scope, world.Leader);
        var clerk = await InboxWorld.CallerAsync(scope, world.Clerk);
        Assert.True((await apologies.DraftAsync(clerk, code, new DraftApologyRequest(), Ct)).Succeeded);

        var bell = (await scope.Get<MyNotifications>().HandleAsync(leader, Ct)).Value;
        Assert.Contains(bell.Items, n => n.CaseId == caseId && n.Kind == NotificationKinds.Apology);
        var clerkBell = (await scope.Get<MyNotifications>().HandleAsync(clerk, Ct)).Value;
        Assert.DoesNotContain(clerkBell.Items, n => n.CaseId == caseId && n.Kind == NotificationKinds.Apology);

        Assert.True((await apologies.IssueAsync(leader, code, new IssueApologyRequest(), Ct)).Succeeded);
        bell = (await scope.Get<MyNotifications>().HandleAsync(leader, Ct)).Value;
        Assert.DoesNotContain(bell.Items, n => n.CaseId == caseId && n.Kind == NotificationKinds.Apology);
    }

    [Fact]
    public async Task Draft_OfACaseOnTime_IsAConflict_AndBadInput_NamesTheField_StoringNothing()
    {
        var world = await InboxWorld.CreateAsync(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        var clerk = await InboxWorld.CallerAsync(scope, world.Clerk);
        var started = await scope.Get<StartCase>().HandleAsync(clerk, new StartCaseRequest(InboxWorld.Procedure, "HS-XL-0"), Ct);
        var apologies = scope.Get<CaseApologies>();

        var onTime = await apologies.DraftAsync(clerk, started.Value.CaseCode!, new DraftApologyRequest(), Ct);
        Assert.Equal(ProblemKind.Conflict, onTime.Problem?.Kind);

        var (caseId, code) = await StartLateCaseAsync(world);
        var past = await apologies.DraftAsync(clerk, code, new DraftApologyRequest("Lý do", DateTimeOffset.UtcNow.AddHours(-1)), Ct);
        var blank = await apologies.DraftAsync(clerk, code, new DraftApologyRequest("   ", null), Ct);
        var tooLong = await apologies.DraftAsync(clerk, code, new DraftApologyRequest(new string('x', CaseApologies.ReasonLimit + 1), null), Ct);

        Assert.Equal(ProblemKind.Invalid, past.Problem?.Kind);
        Assert.Contains("newAppointmentAt", past.Problem!.Errors.Keys);
        Assert.Contains("reason", blank.Problem!.Errors.Keys);
        Assert.Contains("reason", tooLong.Problem!.Errors.Keys);
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<IWorkflowStore>().GetApologiesAsync(caseId, Ct));
    }

    [Fact]
    public async Task OtherAgency_FindsNothing_Auditor_ReadsButNeitherDraftsNorIssues()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (caseId, code) = await StartLateCaseAsync(world);
        await using var scope = factory.Services.CreateAsyncScope();
        var apologies = scope.Get<CaseApologies>();
        var stranger = await InboxWorld.CallerAsync(scope, world.OtherLeader);
        var auditor = await scope.ServiceProvider.CallerAsync(Demo.Auditor);
        Assert.True((await apologies.DraftAsync(await InboxWorld.CallerAsync(scope, world.Clerk), code, new DraftApologyRequest(), Ct)).Succeeded);

        Assert.Equal(ProblemKind.NotFound, (await apologies.GetAsync(stranger, code, Ct)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await apologies.DraftAsync(stranger, code, new DraftApologyRequest(), Ct)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await apologies.IssueAsync(stranger, caseId.ToString(), new IssueApologyRequest(), Ct)).Problem?.Kind);

        var read = await apologies.GetAsync(auditor, code, Ct);
        Assert.True(read.Succeeded);
        Assert.False(read.Value.MayDraft);
        Assert.False(read.Value.MayIssue);
        Assert.Equal(ProblemKind.Forbidden, (await apologies.DraftAsync(auditor, code, new DraftApologyRequest(), Ct)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await apologies.IssueAsync(auditor, code, new IssueApologyRequest(), Ct)).Problem?.Kind);
        Assert.NotNull((await apologies.GetAsync(auditor, code, Ct)).Value.Pending);
    }

    [Fact]
    public async Task Endpoints_ByCode_GetDraftIssue_AndTheLeaderOnlyRule()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, code) = await StartLateCaseAsync(world);
        using var clerk = await factory.CreateClientForAsync(world.Clerk, Demo.Password);
        using var leader = await factory.CreateClientForAsync(world.Leader, Demo.Password);
        var path = $"/api/v1/cases/{Uri.EscapeDataString(code)}/apology";

        using var get = await clerk.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("late", (await get.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("lateness").GetString());

        using var badDate = await clerk.PostAsJsonAsync(path, new { reason = "Lý do", newAppointmentAt = "2020-01-01T08:00:00+07:00" }, Ct);
        var problem = await HttpAssert.ProblemAsync(badDate, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("newAppointmentAt", out _));

        using var draft = await clerk.PostAsJsonAsync(path, new { }, Ct);
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        using var clerkIssue = await clerk.PostAsJsonAsync(path + "/issue", new { }, Ct);
        await HttpAssert.ProblemAsync(clerkIssue, HttpStatusCode.Forbidden);
        using var issue = await leader.PostAsJsonAsync(path + "/issue", new { }, Ct);
        Assert.Equal(HttpStatusCode.OK, issue.StatusCode);
        var issued = await issue.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Single(issued.GetProperty("issued").EnumerateArray());
        using var again = await leader.PostAsJsonAsync(path + "/issue", new { }, Ct);
        await HttpAssert.ProblemAsync(again, HttpStatusCode.Conflict);

        using var anonymous = factory.CreateAnonymousClient();
        using var lookup = await anonymous.GetAsync($"/api/v1/public/cases/{Uri.EscapeDataString(code)}", Ct);
        var shown = await lookup.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(issued.GetProperty("appointmentAt").GetDateTimeOffset(), shown.GetProperty("appointmentAt").GetDateTimeOffset());
        Assert.True(shown.GetProperty("rescheduled").GetBoolean());
    }

    /// <summary>A case of the world's agency whose appointment has passed (its due moment moved back a day).</summary>
    private static async Task<(Guid CaseId, string Code)> StartLateCaseAsync(InboxWorld world)
    {
        await using var scope = world.Factory.Services.CreateAsyncScope();
        var started = await scope.Get<StartCase>().HandleAsync(await InboxWorld.CallerAsync(scope, world.Clerk), new StartCaseRequest(InboxWorld.Procedure, "HS-XL"), Ct);
        Assert.True(started.Succeeded, started.Problem?.ToString());
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var past = DateTimeOffset.UtcNow.AddDays(-1);
        await db.Set<WorkflowCaseRecord>().Where(c => c.Id == started.Value.CaseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.DueAt, past), Ct);
        return (started.Value.CaseId, started.Value.CaseCode!);
    }
}
