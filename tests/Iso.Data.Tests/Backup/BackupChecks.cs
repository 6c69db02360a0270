using Iso.Data.Tests.Workflows;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Iso.Data.Tests.Backup;

/// <summary>Shared steps of the backup tests: a workload on the engine, and the consistency checks a restored database must pass.</summary>
internal static class BackupChecks
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static IsoOptions OptionsOf(IServiceProvider services) => services.GetRequiredService<IOptions<IsoOptions>>().Value;

    /// <summary>Starts a case and completes its three human steps (receive, then both consultations), one command at a time.</summary>
    public static async Task RunOneCaseAsync(WorkflowDatabase w, Action onCommand, CancellationToken cancellationToken)
    {
        var started = await w.NewRuntime().StartCaseAsync(new StartCaseCommand(w.AgencyId, "test-lien-thong", Reference: "HS-BK"), cancellationToken);
        onCommand();
        var forked = await w.NewRuntime().CompleteTaskAsync(
            new CompleteTaskCommand(started.OpenTasks.Single().Id, WorkflowDatabase.Actor("Staff", "MOT-CUA"), "forward"), cancellationToken);
        onCommand();
        await w.NewRuntime().CompleteTaskAsync(
            new CompleteTaskCommand(forked.OpenTasks.Single(t => t.NodeId == "ask-a").Id, WorkflowDatabase.Actor("Staff", "CHUYEN-MON"), "agree"), cancellationToken);
        onCommand();
        await w.NewRuntime().CompleteTaskAsync(
            new CompleteTaskCommand(forked.OpenTasks.Single(t => t.NodeId == "ask-b").Id, WorkflowDatabase.Actor("Staff", "VP"), "agree"), cancellationToken);
        onCommand();
    }

    /// <summary>Settings that give another database the journal key of <paramref name="source"/>, as an operator restoring
    /// a backup on another machine configures it.</summary>
    public static Dictionary<string, string?> SameJournalKey(WorkflowDatabase source) => new()
    {
        ["Iso:Journal:KeyFile"] = Iso.Data.Workflows.JournalKeyOptions.DefaultKeyFile(source.Database.DataDirectory),
    };

    /// <summary>Every case's journal verifies, and its tasks agree with its journal: each task was created in the journal,
    /// each completed task has its TaskCompleted entry and each TaskCompleted entry names a completed task. Returns the number of cases.</summary>
    public static async Task<int> AssertCasesAgreeWithTheirJournalsAsync(IServiceProvider services)
    {
        List<Guid> caseIds;
        await using (var scope = services.CreateAsyncScope())
        {
            caseIds = await scope.ServiceProvider.GetRequiredService<IsoDbContext>().Set<WorkflowCaseRecord>().Select(c => c.Id).ToListAsync(Ct);
        }

        await using var read = services.CreateAsyncScope();
        var store = read.ServiceProvider.GetRequiredService<IWorkflowStore>();
        var key = read.ServiceProvider.GetRequiredService<IJournalCheckpointKey>();
        foreach (var caseId in caseIds)
        {
            var workflowCase = (await store.FindCaseAsync(caseId, Ct))!;
            var journal = await store.GetJournalAsync(caseId, Ct);
            var verification = JournalVerifier.Verify(workflowCase, journal, key);
            Assert.True(verification.IsValid, $"Case {caseId}: {verification.Problem}");

            var created = journal.Where(e => e.Kind == JournalKinds.TaskCreated).Select(e => e.TaskId).ToHashSet();
            var completedInJournal = journal.Where(e => e.Kind == JournalKinds.TaskCompleted).Select(e => e.TaskId).ToHashSet();
            var tasks = await store.GetTasksOfCaseAsync(caseId, Ct);
            foreach (var task in tasks)
            {
                Assert.Contains(task.Id, created);
                Assert.Equal(task.Status == WorkflowTaskStatus.Completed, completedInJournal.Contains(task.Id));
            }

            Assert.Equal(created.Count, tasks.Count);
        }

        return caseIds.Count;
    }
}
