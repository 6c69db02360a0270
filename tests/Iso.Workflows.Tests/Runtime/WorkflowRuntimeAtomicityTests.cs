using Iso.Workflows.Actions;
using Iso.Workflows.InMemory;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.Runtime;

public sealed class WorkflowRuntimeAtomicityTests
{
    private sealed class FailingAction : IWorkflowActionHandler
    {
        public string Name => "test.fail";

        public ValueTask ExecuteAsync(WorkflowActionContext context, CancellationToken cancellationToken)
        {
            // Stage something first, so the test proves staged work is dropped too.
            context.UnitOfWork.AddNotification(new WorkflowNotificationRecord { Id = Guid.NewGuid(), CaseId = context.Case.Id, Message = "half" });
            throw new InvalidOperationException("Máy chủ văn bản không phản hồi");
        }
    }

    [Fact]
    public async Task ActionThatThrowsMidStep_LeavesNoPartialState()
    {
        using var h = new EngineHarness(extraHandlers: [new FailingAction()]);
        await h.ImportAsync("Runtime/Workflows/failing-action.json");
        var started = await h.StartAsync("test-failing-action");
        var second = (await h.CompleteAsync(started.OpenTasks[0], h.Staff, "go")).OpenTasks[0];
        var before = await h.CaseAsync(started.CaseId);
        var notificationsBefore = (await h.Store.GetNotificationsAsync(started.CaseId, TestContext.Current.CancellationToken)).Count;

        var ex = await Assert.ThrowsAsync<WorkflowFaultException>(() => h.CompleteAsync(second, h.Staff, "go"));

        Assert.Contains("test.fail", ex.Message, StringComparison.Ordinal);
        var after = await h.CaseAsync(started.CaseId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.JournalCount, after.JournalCount);
        Assert.Equal(CaseStatus.Running, after.Status);
        Assert.Equal(WorkflowTaskStatus.Open, (await h.Store.FindTaskAsync(second.Id, TestContext.Current.CancellationToken))!.Status);
        Assert.Equal(notificationsBefore, (await h.Store.GetNotificationsAsync(started.CaseId, TestContext.Current.CancellationToken)).Count);
        Assert.Equal(before.JournalCount, (await h.JournalAsync(started.CaseId)).Count);
    }

    [Fact]
    public async Task CommitThatFails_StoresNothingAndTheCommandCanBeRepeated()
    {
        var store = new InterceptingStore(new InMemoryWorkflowStore());
        using var h = new EngineHarness(store);
        await h.ImportAsync("Runtime/Workflows/failing-action.json");
        var started = await h.StartAsync("test-failing-action");
        var before = await h.CaseAsync(started.CaseId);
        store.BeforeCommit = _ => throw new IOException("disk full");

        await Assert.ThrowsAsync<IOException>(() => h.CompleteAsync(started.OpenTasks[0], h.Staff, "go"));

        var after = await h.CaseAsync(started.CaseId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.VariablesJson, after.VariablesJson);
        Assert.Single(await h.Store.GetTasksOfCaseAsync(started.CaseId, TestContext.Current.CancellationToken));
        store.BeforeCommit = null;
        var retried = await h.CompleteAsync(started.OpenTasks[0], h.Staff, "go");
        Assert.Equal("second", Assert.Single(retried.OpenTasks).NodeId);
    }

    [Fact]
    public async Task UnknownAction_FaultsTheCommandWithoutWritingTheStep()
    {
        using var h = new EngineHarness();
        await h.ImportAsync("Runtime/Workflows/failing-action.json");
        var started = await h.StartAsync("test-failing-action");
        var second = (await h.CompleteAsync(started.OpenTasks[0], h.Staff, "go")).OpenTasks[0];

        var ex = await Assert.ThrowsAsync<WorkflowFaultException>(() => h.CompleteAsync(second, h.Staff, "go"));

        Assert.Contains("unknown action 'test.fail'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(WorkflowTaskStatus.Open, (await h.Store.FindTaskAsync(second.Id, TestContext.Current.CancellationToken))!.Status);
    }
}
