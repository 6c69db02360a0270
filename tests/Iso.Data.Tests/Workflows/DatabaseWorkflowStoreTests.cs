using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Organisation;
using Iso.Workflows.Runtime;
using Iso.Workflows.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Data.Tests.Workflows;

public sealed class DatabaseWorkflowStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ACase_RunsThroughForkJoinTimerAndEnd_AndItsJournalVerifies(DatabaseProvider provider)
    {
        await using var w = await WorkflowDatabase.CreateAsync(provider);
        var started = await w.StartAsync();
        var receive = Assert.Single(started.OpenTasks);
        Assert.Equal(("receive", "MOT-CUA"), (receive.NodeId, receive.CandidateUnitCode));

        var forked = await w.NewRuntime().CompleteTaskAsync(new CompleteTaskCommand(receive.Id, WorkflowDatabase.Actor("Staff", "MOT-CUA"), "forward"), Ct);
        Assert.Equal(["ask-a", "ask-b"], forked.OpenTasks.Select(t => t.NodeId).Order());
        await w.NewRuntime().CompleteTaskAsync(new CompleteTaskCommand(forked.OpenTasks.Single(t => t.NodeId == "ask-a").Id, WorkflowDatabase.Actor("Staff", "CHUYEN-MON"), "agree"), Ct);
        var joined = await w.NewRuntime().CompleteTaskAsync(new CompleteTaskCommand(forked.OpenTasks.Single(t => t.NodeId == "ask-b").Id, WorkflowDatabase.Actor("Staff", "VP"), "agree"), Ct);
        Assert.Empty(joined.OpenTasks);

        w.Time.Advance(TimeSpan.FromHours(2));
        Assert.True(await w.NewRuntime().FireDueTimersAsync("node-1", 100, Ct) >= 1);
        var decide = Assert.Single(await w.Store.GetTasksOfCaseAsync(started.CaseId, Ct), t => t.NodeId == "decide");
        var done = await w.NewRuntime().CompleteTaskAsync(new CompleteTaskCommand(decide.Id, WorkflowDatabase.Actor("Leader"), "approve"), Ct);

        Assert.Equal((CaseStatus.Completed, "completed"), (done.Status, done.Result));
        var verification = await JournalVerifier.VerifyAsync(w.Store, started.CaseId, w.CheckpointKey, Ct);
        Assert.True(verification.IsValid, verification.Problem);
        Assert.Contains(await w.Store.GetJournalAsync(started.CaseId, Ct), e => e.Kind == JournalKinds.JoinPassed);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TwoUnitsOfWork_ChangingTheSameCase_TheSecondCommitFails_AndStoresNothing(DatabaseProvider provider)
    {
        await using var w = await WorkflowDatabase.CreateAsync(provider);
        var started = await w.StartAsync();

        await using var first = await w.Store.BeginAsync(Ct);
        await using var second = await w.Store.BeginAsync(Ct);
        var a = (await first.LoadCaseAsync(started.CaseId, Ct))!;
        var b = (await second.LoadCaseAsync(started.CaseId, Ct))!;
        a.Case.Version++;
        a.Case.Reference = "HS-A";
        first.UpdateCase(a.Case);
        b.Case.Version++;
        b.Case.Reference = "HS-B";
        second.UpdateCase(b.Case);
        var strayTask = NewTask(started.CaseId, w.AgencyId);
        second.AddTask(strayTask);

        await first.CommitAsync(Ct);
        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => second.CommitAsync(Ct));

        Assert.Equal("HS-A", (await w.Store.FindCaseAsync(started.CaseId, Ct))!.Reference);
        Assert.Null(await w.Store.FindTaskAsync(strayTask.Id, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ACaseLoadedThroughOneOfItsTasks_IsTheCaseAsLoadedByItsId_AndAnUnknownTaskLoadsNothing(DatabaseProvider provider)
    {
        await using var w = await WorkflowDatabase.CreateAsync(provider);
        var other = await w.StartAsync();
        var started = await w.StartAsync();
        var receive = Assert.Single(started.OpenTasks);
        var forked = await w.NewRuntime().CompleteTaskAsync(new CompleteTaskCommand(receive.Id, WorkflowDatabase.Actor("Staff", "MOT-CUA"), "forward"), Ct);
        var askA = forked.OpenTasks.Single(t => t.NodeId == "ask-a");

        await using var uow = await w.Store.BeginAsync(Ct);
        var byTask = (await uow.LoadCaseOfTaskAsync(askA.Id, Ct))!;
        var byId = (await uow.LoadCaseAsync(started.CaseId, Ct))!;

        Assert.Equal((started.CaseId, byId.Case.Version), (byTask.Case.Id, byTask.Case.Version));
        Assert.Equal(byId.Tasks.Select(t => (t.Id, t.Status)), byTask.Tasks.Select(t => (t.Id, t.Status)));
        Assert.Equal(["ask-a", "ask-b", "receive"], byTask.Tasks.Select(t => t.NodeId).Order());
        Assert.Equal(byId.PendingTimers.Select(t => t.Id).Order(), byTask.PendingTimers.Select(t => t.Id).Order());
        Assert.DoesNotContain(byTask.Tasks, t => t.CaseId == other.CaseId);
        Assert.Null(await uow.LoadCaseOfTaskAsync(Guid.NewGuid(), Ct));

        // Loaded through its task, the case can be changed in this unit of work like a case loaded by its id.
        byTask.Case.Version++;
        byTask.Case.Reference = "HS-TASK";
        uow.UpdateCase(byTask.Case);
        await uow.CommitAsync(Ct);
        Assert.Equal("HS-TASK", (await w.Store.FindCaseAsync(started.CaseId, Ct))!.Reference);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TwoPeopleCompleteTheSameTaskAtOnce_ExactlyOneSucceeds_TheOtherIsToldItIsAlreadyCompleted(DatabaseProvider provider)
    {
        await using var w = await WorkflowDatabase.CreateAsync(provider);
        var started = await w.StartAsync();
        var task = Assert.Single(started.OpenTasks);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await Task.Yield();
            try
            {
                await w.NewRuntime().CompleteTaskAsync(new CompleteTaskCommand(task.Id, WorkflowDatabase.Actor("Staff", "MOT-CUA"), "forward"), Ct);
                return null;
            }
            catch (TaskAlreadyCompletedException e)
            {
                return e;
            }
        }));

        Assert.Single(attempts, e => e is null);
        Assert.Contains("already completed", Assert.Single(attempts, e => e is not null)!.Message, StringComparison.Ordinal);
        var tasks = await w.Store.GetTasksOfCaseAsync(started.CaseId, Ct);
        Assert.Equal(2, tasks.Count(t => t.NodeId is "ask-a" or "ask-b"));
        Assert.True((await JournalVerifier.VerifyAsync(w.Store, started.CaseId, w.CheckpointKey, Ct)).IsValid);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ACommitThatBreaksAUniqueKey_StoresNothingOfTheUnitOfWork(DatabaseProvider provider)
    {
        await using var w = await WorkflowDatabase.CreateAsync(provider);
        var started = await w.StartAsync();
        var journal = await w.Store.GetJournalAsync(started.CaseId, Ct);

        await using var uow = await w.Store.BeginAsync(Ct);
        var task = NewTask(started.CaseId, w.AgencyId);
        uow.AddTask(task);
        uow.AddJournalEntry(new WorkflowJournalEntry
        {
            Id = Guid.NewGuid(), CaseId = started.CaseId, Sequence = journal[0].Sequence, At = w.Time.GetUtcNow(), Kind = "Forged", Hash = "x",
        });

        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => uow.CommitAsync(Ct));
        Assert.Null(await w.Store.FindTaskAsync(task.Id, Ct));
        Assert.Equal(journal.Count, (await w.Store.GetJournalAsync(started.CaseId, Ct)).Count);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task DueTimers_ClaimedByTwoNodesAtOnce_GoToExactlyOneNodeEach_UntilTheLeaseExpires(DatabaseProvider provider)
    {
        await using var w = await WorkflowDatabase.CreateAsync(provider);
        var started = await w.StartAsync();
        var now = w.Time.GetUtcNow();
        await using (var uow = await w.Store.BeginAsync(Ct))
        {
            for (var i = 0; i < 40; i++)
            {
                uow.AddTimer(new WorkflowTimerRecord
                {
                    Id = Guid.NewGuid(), CaseId = started.CaseId, Kind = TimerKind.NodeTimer, NodeId = "wait", Scope = "",
                    DueAt = now.AddMinutes(-i), Status = TimerStatus.Pending,
                });
            }

            await uow.CommitAsync(Ct);
        }

        var claims = await Task.WhenAll(
            Task.Run(() => w.Store.ClaimDueTimersAsync("node-a", now, TimeSpan.FromMinutes(1), 100, Ct), Ct),
            Task.Run(() => w.Store.ClaimDueTimersAsync("node-b", now, TimeSpan.FromMinutes(1), 100, Ct), Ct));

        var a = claims[0].Select(t => t.Id).ToHashSet();
        var b = claims[1].Select(t => t.Id).ToHashSet();
        Assert.Empty(a.Intersect(b));
        Assert.True(a.Count + b.Count >= 40, $"{a.Count} + {b.Count} timers claimed");
        Assert.Empty(await w.Store.ClaimDueTimersAsync("node-c", now.AddSeconds(59), TimeSpan.FromMinutes(1), 100, Ct));
        Assert.True((await w.Store.ClaimDueTimersAsync("node-c", now.AddMinutes(1), TimeSpan.FromMinutes(1), 100, Ct)).Count >= 40);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Inbox_ShowsATaskToItsRoleAndUnitInItsAgency_AndToNobodyElse(DatabaseProvider provider)
    {
        await using var w = await WorkflowDatabase.CreateAsync(provider);
        var started = await w.StartAsync();
        var task = Assert.Single(started.OpenTasks);

        Task<IReadOnlyList<WorkflowTaskRecord>> Inbox(Guid agency, string role, params string[] units) =>
            w.Store.GetInboxAsync(new InboxQuery(agency, Guid.NewGuid(), [role], units), Ct);

        Assert.Equal([task.Id], (await Inbox(w.AgencyId, "Staff", "MOT-CUA")).Select(t => t.Id));
        Assert.Empty(await Inbox(w.AgencyId, "Staff", "CHUYEN-MON"));
        Assert.Empty(await Inbox(w.AgencyId, "Leader", "MOT-CUA"));
        Assert.Empty(await Inbox(Guid.NewGuid(), "Staff", "MOT-CUA"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task UnitCodes_AreComparedExactly_AsTheInMemoryStoreDoes(DatabaseProvider provider)
    {
        await using var w = await WorkflowDatabase.CreateAsync(provider);
        var receive = Assert.Single((await w.StartAsync()).OpenTasks);

        await UnitCodeContract.AssertComparedExactlyAsync(w.Store, w.Services.GetRequiredService<IOrganisationLookup>(), receive, Ct);
    }

    private static WorkflowTaskRecord NewTask(Guid caseId, Guid agencyId) => new()
    {
        Id = Guid.NewGuid(), CaseId = caseId, AgencyId = agencyId, DefinitionKey = "test-lien-thong", NodeId = "stray", Title = "Stray",
        CandidateRole = "Staff", Status = WorkflowTaskStatus.Open, CreatedAt = DateTimeOffset.UtcNow, Scope = "",
    };
}
