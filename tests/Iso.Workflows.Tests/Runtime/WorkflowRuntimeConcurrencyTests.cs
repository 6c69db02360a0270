using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.Runtime;

public sealed class WorkflowRuntimeConcurrencyTests : IDisposable
{
    private readonly InterceptingStore _store;
    private readonly EngineHarness _h;

    public WorkflowRuntimeConcurrencyTests()
    {
        _store = new InterceptingStore(new Iso.Workflows.InMemory.InMemoryWorkflowStore());
        _h = new EngineHarness(_store);
    }

    /// <summary>Holds the next two commits until both commands have loaded the case, so they really race.</summary>
    private void RaceNextTwoCommits(int after)
    {
        var arrived = 0;
        var bothLoaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.BeforeCommit = async ordinal =>
        {
            if (ordinal == after + 1 || ordinal == after + 2)
            {
                if (Interlocked.Increment(ref arrived) == 2)
                {
                    bothLoaded.SetResult();
                }

                await bothLoaded.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
        };
    }

    [Fact]
    public async Task TwoPeopleCompleteTheSameTask_ExactlyOneWinsAndTheOtherIsToldItIsAlreadyCompleted()
    {
        await _h.ImportAsync("Runtime/Workflows/consultation-all.json");
        var started = await _h.StartAsync("test-consultation");
        var task = started.OpenTasks[0];
        var colleague = _h.Staff with { UserId = Guid.NewGuid() };
        RaceNextTwoCommits(after: 1);

        var results = await Task.WhenAll(
            Attempt(() => _h.CompleteAsync(task, _h.Staff, "forward")),
            Attempt(() => _h.CompleteAsync(task, colleague, "forward")));

        Assert.Single(results, r => r.Error is null);
        var loser = Assert.Single(results, r => r.Error is not null);
        var error = Assert.IsType<TaskAlreadyCompletedException>(loser.Error);
        Assert.Equal(task.Id, error.TaskId);
        Assert.Contains("already completed", error.Message, StringComparison.Ordinal);
        var tasks = await _h.Store.GetTasksOfCaseAsync(started.CaseId, TestContext.Current.CancellationToken);
        Assert.Equal(2, tasks.Count(t => t.NodeId is "ask-a" or "ask-b"));
    }

    [Fact]
    public async Task ParallelBranchesCompletedAtOnce_BothSucceedAndTheJoinPassesOnce()
    {
        await _h.ImportAsync("Runtime/Workflows/consultation-all.json");
        var started = await _h.StartAsync("test-consultation");
        var forked = await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "forward");
        RaceNextTwoCommits(after: 2);

        var results = await Task.WhenAll(
            Attempt(() => _h.CompleteAsync(forked.OpenTasks.Single(t => t.NodeId == "ask-a"), _h.StaffA, "agree")),
            Attempt(() => _h.CompleteAsync(forked.OpenTasks.Single(t => t.NodeId == "ask-b"), _h.StaffB, "agree")));

        Assert.All(results, r => Assert.Null(r.Error));
        var pending = await _h.Store.GetPendingTimersAsync(started.CaseId, TestContext.Current.CancellationToken);
        Assert.Single(pending, t => t.Kind == TimerKind.NodeTimer && t.NodeId == "wait");
        var journal = await _h.JournalAsync(started.CaseId);
        Assert.Single(journal, e => e.Kind == Iso.Workflows.Journal.JournalKinds.JoinPassed);
    }

    private static async Task<(CommandResult? Result, Exception? Error)> Attempt(Func<Task<CommandResult>> command)
    {
        await Task.Yield();
        try
        {
            return (await Task.Run(command), null);
        }
        catch (Exception ex)
        {
            return (null, ex);
        }
    }

    public void Dispose()
    {
        _h.Dispose();
    }
}
