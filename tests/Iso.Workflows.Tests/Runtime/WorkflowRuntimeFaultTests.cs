using Iso.Workflows.Actions;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.Runtime;

/// <summary>Automatic work that fails is retried with back-off (1 min, 5 min, 30 min, 2 h by default), then the case is
/// marked faulted with the reason and left alone until an administrator retries or cancels it.</summary>
public sealed class WorkflowRuntimeFaultTests : IDisposable
{
    private const string Fixture = "Runtime/Workflows/timer-then-action.json";
    private static readonly WorkflowActor Administrator = new(Guid.Parse("00000000-0000-0000-0000-0000000000ad"), ["Administrator"], []);
    private readonly FlakyAction _action = new();
    private readonly EngineHarness _h;

    public WorkflowRuntimeFaultTests() => _h = new EngineHarness(extraHandlers: [_action]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FailingTimerWork_IsRetriedAfterEachBackOffDelay_NotBefore()
    {
        var caseId = await StartAndReachTheTimerAsync();

        Assert.Equal(0, await _h.FireTimersAsync());
        var first = await TimerAsync(caseId);
        Assert.Equal(1, first.Attempts);
        Assert.Contains("Máy chủ thư không phản hồi", first.LastError, StringComparison.Ordinal);
        Assert.Equal(1, _action.Calls);

        _h.Time.Advance(TimeSpan.FromSeconds(59));
        await _h.FireTimersAsync();
        Assert.Equal(1, _action.Calls);

        _h.Time.Advance(TimeSpan.FromSeconds(1));
        await _h.FireTimersAsync();
        Assert.Equal(2, _action.Calls);
        Assert.Equal(2, (await TimerAsync(caseId)).Attempts);

        _h.Time.Advance(TimeSpan.FromMinutes(4));
        await _h.FireTimersAsync();
        Assert.Equal(2, _action.Calls);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.FireTimersAsync();
        Assert.Equal(3, _action.Calls);
        Assert.Null((await _h.CaseAsync(caseId)).FaultedAt);
    }

    [Fact]
    public async Task FailingTimerWork_AfterTheLastRetry_MarksTheCaseFaultedWithTheReasonAndStopsTrying()
    {
        var caseId = await StartAndReachTheTimerAsync();

        await FailEveryAttemptAsync();
        var calls = _action.Calls;
        _h.Time.Advance(TimeSpan.FromDays(3));
        await _h.FireTimersAsync();

        Assert.Equal(5, calls);
        Assert.Equal(calls, _action.Calls);
        var faulted = await _h.CaseAsync(caseId);
        Assert.Equal(CaseStatus.Running, faulted.Status);
        Assert.NotNull(faulted.FaultedAt);
        Assert.Contains("Máy chủ thư không phản hồi", faulted.FaultReason, StringComparison.Ordinal);
        var timer = await TimerAsync(caseId);
        Assert.NotNull(timer.FaultedAt);
        var entry = Assert.Single(await _h.JournalAsync(caseId), e => e.Kind == JournalKinds.CaseFaulted);
        Assert.Contains("Máy chủ thư không phản hồi", entry.Comment, StringComparison.Ordinal);
        Assert.True((await JournalVerifier.VerifyAsync(_h.Store, caseId, _h.CheckpointKey, Ct)).IsValid);
    }

    [Fact]
    public async Task RetryFaultedCase_ByAnAdministrator_RunsTheWorkAtOnceAndJournalsWhoRetried()
    {
        var caseId = await StartAndReachTheTimerAsync();
        await FailEveryAttemptAsync();
        _action.Healed = true;

        var result = await _h.Runtime.RetryFaultedCaseAsync(new RetryFaultedCaseCommand(caseId, Administrator), Ct);

        var review = Assert.Single(result.OpenTasks);
        Assert.Equal("review", review.NodeId);
        var workflowCase = await _h.CaseAsync(caseId);
        Assert.Null(workflowCase.FaultedAt);
        Assert.Null(workflowCase.FaultReason);
        var retried = Assert.Single(await _h.JournalAsync(caseId), e => e.Kind == JournalKinds.CaseFaultRetried);
        Assert.Equal(Administrator.UserId, retried.ActorId);
        Assert.True((await JournalVerifier.VerifyAsync(_h.Store, caseId, _h.CheckpointKey, Ct)).IsValid);
    }

    [Fact]
    public async Task RetryFaultedCase_ThatFailsAgain_CountsAFirstAttemptAndBacksOffAgain()
    {
        var caseId = await StartAndReachTheTimerAsync();
        await FailEveryAttemptAsync();

        await _h.Runtime.RetryFaultedCaseAsync(new RetryFaultedCaseCommand(caseId, Administrator), Ct);

        Assert.Null((await _h.CaseAsync(caseId)).FaultedAt);
        var timer = await TimerAsync(caseId);
        Assert.Equal(1, timer.Attempts);
        Assert.Null(timer.FaultedAt);
    }

    [Fact]
    public async Task RetryFaultedCase_BySomeoneElse_IsForbidden_AndOfACaseNotFaulted_SaysSo()
    {
        var caseId = await StartAndReachTheTimerAsync();

        await Assert.ThrowsAsync<CaseNotFaultedException>(() => _h.Runtime.RetryFaultedCaseAsync(new RetryFaultedCaseCommand(caseId, Administrator), Ct));
        await FailEveryAttemptAsync();
        await Assert.ThrowsAsync<WorkflowForbiddenException>(() => _h.Runtime.RetryFaultedCaseAsync(new RetryFaultedCaseCommand(caseId, _h.Leader), Ct));
    }

    [Fact]
    public async Task CancelFaultedCase_ByAnAdministrator_ClosesItAndItsFaultedTimer()
    {
        var caseId = await StartAndReachTheTimerAsync();
        await FailEveryAttemptAsync();

        var cancelled = await _h.Runtime.CancelCaseAsync(new CancelCaseCommand(caseId, Administrator, "Máy chủ thư ngừng hoạt động"), Ct);

        Assert.Equal(CaseStatus.Cancelled, cancelled.Status);
        Assert.Empty(await _h.Store.GetPendingTimersAsync(caseId, Ct));
        Assert.Contains(await _h.JournalAsync(caseId), e => e.Kind == JournalKinds.CaseCancelled && e.ActorId == Administrator.UserId);
    }

    private async Task<Guid> StartAndReachTheTimerAsync()
    {
        await _h.ImportAsync(Fixture);
        var started = await _h.StartAsync("test-timer-action");
        _h.Time.Advance(TimeSpan.FromHours(1));
        return started.CaseId;
    }

    /// <summary>The first attempt and the four retries of the default back-off, each at its moment.</summary>
    private async Task FailEveryAttemptAsync()
    {
        await _h.FireTimersAsync();
        foreach (var delay in WorkflowOptions.DefaultTimerRetryDelays)
        {
            _h.Time.Advance(delay);
            await _h.FireTimersAsync();
        }
    }

    private async Task<WorkflowTimerRecord> TimerAsync(Guid caseId) => Assert.Single(await _h.Store.GetPendingTimersAsync(caseId, Ct));

    public void Dispose() => _h.Dispose();

    private sealed class FlakyAction : IWorkflowActionHandler
    {
        public int Calls { get; private set; }

        public bool Healed { get; set; }

        public string Name => "test.flaky";

        public ValueTask ExecuteAsync(WorkflowActionContext context, CancellationToken cancellationToken)
        {
            Calls++;
            return Healed ? ValueTask.CompletedTask : throw new InvalidOperationException("Máy chủ thư không phản hồi");
        }
    }
}
