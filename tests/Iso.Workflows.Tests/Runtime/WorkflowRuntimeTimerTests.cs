using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.Runtime;

public sealed class WorkflowRuntimeTimerTests : IDisposable
{
    private const string Document = "Runtime/Workflows/document-approval.json";
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task OverdueTask_JournalsTaskOverdueAndRunsOnOverdueNotify()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");

        _h.Time.Advance(TimeSpan.FromHours(7.9));
        Assert.Equal(0, await _h.FireTimersAsync());
        _h.Time.Advance(TimeSpan.FromHours(0.2));
        Assert.Equal(1, await _h.FireTimersAsync());

        var journal = await _h.JournalAsync(started.CaseId);
        var overdue = Assert.Single(journal, e => e.Kind == JournalKinds.TaskOverdue);
        Assert.Equal(started.OpenTasks[0].Id, overdue.TaskId);
        var notification = Assert.Single(await _h.Store.GetNotificationsAsync(started.CaseId, TestContext.Current.CancellationToken), n => n.Kind == NotificationKinds.Overdue);
        Assert.Equal("Leader", notification.RecipientRole);
        Assert.Contains("Soạn thảo tài liệu", notification.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _h.FireTimersAsync());
    }

    [Fact]
    public async Task CompletedTask_ItsEscalationTimerIsCancelled()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");
        await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: new Dictionary<string, string?> { ["pages"] = "1" });

        _h.Time.Advance(TimeSpan.FromHours(8.5));
        await _h.FireTimersAsync();

        Assert.DoesNotContain(await _h.JournalAsync(started.CaseId), e => e.Kind == JournalKinds.TaskOverdue && e.TaskId == started.OpenTasks[0].Id);
    }

    [Fact]
    public async Task OverdueCase_RunsOnCaseOverdueAndDraftsApologyWithNewDateInWorkingTime()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");

        _h.Time.Advance(TimeSpan.FromHours(41));
        await _h.FireTimersAsync();

        var journal = await _h.JournalAsync(started.CaseId);
        Assert.Contains(journal, e => e.Kind == JournalKinds.CaseOverdue);
        Assert.Contains(journal, e => e.Kind == JournalKinds.ApologyDrafted);
        var apology = Assert.Single(await _h.Store.GetApologiesAsync(started.CaseId, TestContext.Current.CancellationToken));
        Assert.Equal(EngineHarness.Epoch.AddHours(40), apology.OriginalDueAt);
        Assert.Equal(_h.Time.GetUtcNow().AddHours(16), apology.NewAppointmentAt);
        Assert.True((await JournalVerifier.VerifyAsync(_h.Store, started.CaseId, _h.CheckpointKey, TestContext.Current.CancellationToken)).IsValid);
    }

    [Fact]
    public async Task ClaimedTimer_IsNotFiredByAnotherNodeWhileTheLeaseHolds()
    {
        await _h.ImportAsync(Document);
        await _h.StartAsync("test-document");
        _h.Time.Advance(TimeSpan.FromHours(9));

        var first = await _h.Store.ClaimDueTimersAsync("node-1", _h.Time.GetUtcNow(), TimeSpan.FromMinutes(2), 10, TestContext.Current.CancellationToken);
        var second = await _h.Store.ClaimDueTimersAsync("node-2", _h.Time.GetUtcNow(), TimeSpan.FromMinutes(2), 10, TestContext.Current.CancellationToken);
        _h.Time.Advance(TimeSpan.FromMinutes(3));
        var afterExpiry = await _h.Store.ClaimDueTimersAsync("node-2", _h.Time.GetUtcNow(), TimeSpan.FromMinutes(2), 10, TestContext.Current.CancellationToken);

        Assert.Single(first);
        Assert.Empty(second);
        Assert.Equal("node-2", Assert.Single(afterExpiry).LeaseOwner);
    }

    [Fact]
    public async Task TimerFiredTwice_SecondFiringDoesNothing()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");
        _h.Time.Advance(TimeSpan.FromHours(9));
        Assert.Equal(1, await _h.FireTimersAsync());
        var count = (await _h.CaseAsync(started.CaseId)).JournalCount;

        _h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, await _h.FireTimersAsync());

        Assert.Equal(count, (await _h.CaseAsync(started.CaseId)).JournalCount);
    }

    public void Dispose() => _h.Dispose();
}
