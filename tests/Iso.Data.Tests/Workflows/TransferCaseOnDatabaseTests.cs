using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Data.Tests.Workflows;

/// <summary>The engine's <see cref="TransferCaseCommand"/> on the SQL path of both providers, read back through EF Core.</summary>
public sealed class TransferCaseOnDatabaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TransferCase_MovesTheCaseAndItsOpenTasks_KeepsTheJournalValid_AndTheSuccessorWorksOn(DatabaseProvider provider)
    {
        await using var w = await WorkflowDatabase.CreateAsync(provider);
        var successorId = await AgencyIdAsync(w, "SNV");
        var started = await w.StartAsync();
        var forked = await w.NewRuntime().CompleteTaskAsync(new CompleteTaskCommand(started.OpenTasks[0].Id, WorkflowDatabase.Actor("Staff", "MOT-CUA"), "forward"), Ct);
        var actor = Guid.NewGuid();

        await w.NewRuntime().TransferCaseAsync(new TransferCaseCommand(started.CaseId, successorId, "Hợp nhất cơ quan", actor), Ct);

        await using (var scope = w.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
            var workflowCase = await db.Set<WorkflowCaseRecord>().AsNoTracking().SingleAsync(c => c.Id == started.CaseId, Ct);
            Assert.Equal(successorId, workflowCase.AgencyId);
            var tasks = await db.Set<WorkflowTaskRecord>().AsNoTracking().Where(t => t.CaseId == started.CaseId).ToListAsync(Ct);
            Assert.Equal(w.AgencyId, Assert.Single(tasks, t => t.Status == WorkflowTaskStatus.Completed).AgencyId);
            Assert.All(tasks.Where(t => t.Status == WorkflowTaskStatus.Open), t => Assert.Equal(successorId, t.AgencyId));
            var last = await db.Set<WorkflowJournalEntry>().AsNoTracking().Where(e => e.CaseId == started.CaseId).OrderByDescending(e => e.Sequence).FirstAsync(Ct);
            Assert.Equal((JournalKinds.CaseTransferred, actor, "Hợp nhất cơ quan"), (last.Kind, last.ActorId, last.Comment));
            Assert.Contains(successorId.ToString("D"), last.DataJson, StringComparison.Ordinal);
        }

        var verification = await JournalVerifier.VerifyAsync(w.Store, started.CaseId, w.CheckpointKey, Ct);
        Assert.True(verification.IsValid, verification.Problem);
        Assert.Equal(JournalCheckpointStatus.Valid, verification.Checkpoint);
        var inbox = await w.Store.GetInboxAsync(new InboxQuery(successorId, Guid.NewGuid(), ["Staff"], ["CHUYEN-MON"]), Ct);
        var askA = Assert.Single(inbox, t => t.NodeId == "ask-a");
        Assert.Contains(forked.OpenTasks, t => t.Id == askA.Id);
        await w.NewRuntime().CompleteTaskAsync(new CompleteTaskCommand(askA.Id, WorkflowDatabase.Actor("Staff", "CHUYEN-MON"), "agree"), Ct);
        Assert.True((await JournalVerifier.VerifyAsync(w.Store, started.CaseId, w.CheckpointKey, Ct)).IsValid);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TransferCase_OfACancelledCase_IsRejected_AndNothingIsStored(DatabaseProvider provider)
    {
        await using var w = await WorkflowDatabase.CreateAsync(provider);
        var successorId = await AgencyIdAsync(w, "SNV");
        var started = await w.StartAsync();
        await w.NewRuntime().CancelCaseAsync(new CancelCaseCommand(started.CaseId, WorkflowDatabase.Actor("Leader"), "rút hồ sơ"), Ct);
        var before = (await w.Store.FindCaseAsync(started.CaseId, Ct))!;

        await Assert.ThrowsAsync<WorkflowException>(() => w.NewRuntime().TransferCaseAsync(new TransferCaseCommand(started.CaseId, successorId, "Hợp nhất"), Ct));

        var after = (await w.Store.FindCaseAsync(started.CaseId, Ct))!;
        Assert.Equal((w.AgencyId, before.Version, before.JournalCount), (after.AgencyId, after.Version, after.JournalCount));
    }

    private static async Task<Guid> AgencyIdAsync(WorkflowDatabase w, string code)
    {
        await using var scope = w.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IsoDbContext>().Agencies.Where(a => a.Code == code).Select(a => a.Id).SingleAsync(Ct);
    }
}
