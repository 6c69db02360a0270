using System.Text.Json;
using Iso.Workflows.InMemory;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.Runtime;

public sealed class WorkflowRuntimeTransferTests : IDisposable
{
    private const string ConsultationAll = "Runtime/Workflows/consultation-all.json";
    private static readonly Guid Successor = Guid.Parse("0195a000-0000-7000-8000-0000000000ff");
    private readonly EngineHarness _h = new();

    public WorkflowRuntimeTransferTests()
    {
        // A merge gives the successor the predecessors' units (same codes), which later steps of a moved case name.
        _h.Directory.AddAgency(Successor, "NAMGIANGHIA", "UBND phường Nam Gia Nghĩa", "commune");
        foreach (var unit in new[] { "A", "B", "MOT-CUA" })
        {
            _h.Directory.AddUnit(Successor, unit, "Đơn vị " + unit);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TransferCase_MovesTheCaseAndItsOpenTasks_AndJournalsFromAndTo()
    {
        await _h.ImportAsync(ConsultationAll);
        var started = await _h.StartAsync("test-consultation");
        var afterReceive = await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "forward");
        var before = await _h.CaseAsync(started.CaseId);

        var result = await _h.Runtime.TransferCaseAsync(new TransferCaseCommand(started.CaseId, Successor, "Hợp nhất đơn vị hành chính", _h.Leader.UserId), Ct);

        Assert.Equal(CaseStatus.Running, result.Status);
        var moved = await _h.CaseAsync(started.CaseId);
        Assert.Equal(Successor, moved.AgencyId);
        Assert.Equal(before.Version + 1, moved.Version);
        var tasks = await _h.Store.GetTasksOfCaseAsync(started.CaseId, Ct);
        Assert.All(tasks.Where(t => t.Status == WorkflowTaskStatus.Open), t => Assert.Equal(Successor, t.AgencyId));
        Assert.Equal(_h.AgencyId, Assert.Single(tasks, t => t.Status == WorkflowTaskStatus.Completed).AgencyId);
        Assert.Equal(2, afterReceive.OpenTasks.Count);

        var entry = (await _h.JournalAsync(started.CaseId))[^1];
        Assert.Equal(JournalKinds.CaseTransferred, entry.Kind);
        Assert.Equal(_h.Leader.UserId, entry.ActorId);
        Assert.Equal("Hợp nhất đơn vị hành chính", entry.Comment);
        using var data = JsonDocument.Parse(entry.DataJson!);
        Assert.Equal(_h.AgencyId, data.RootElement.GetProperty("from").GetGuid());
        Assert.Equal(Successor, data.RootElement.GetProperty("to").GetGuid());
        Assert.Equal(2, data.RootElement.GetProperty("tasks").GetInt32());
        var verification = await JournalVerifier.VerifyAsync(_h.Store, started.CaseId, _h.CheckpointKey, Ct);
        Assert.True(verification.IsValid);
    }

    [Fact]
    public async Task TransferCase_ThenTheSuccessorsStaffWorkOnFromTheirInbox()
    {
        await _h.ImportAsync(ConsultationAll);
        var started = await _h.StartAsync("test-consultation");

        await _h.Runtime.TransferCaseAsync(new TransferCaseCommand(started.CaseId, Successor, "Hợp nhất"), Ct);

        Assert.Empty(await _h.Store.GetInboxAsync(new InboxQuery(_h.AgencyId, _h.Staff.UserId, _h.Staff.Roles, _h.Staff.UnitCodes), Ct));
        var inbox = await _h.Store.GetInboxAsync(new InboxQuery(Successor, _h.Staff.UserId, _h.Staff.Roles, _h.Staff.UnitCodes), Ct);
        var task = Assert.Single(inbox);
        var next = await _h.CompleteAsync(task, _h.Staff, "forward");
        Assert.All(next.OpenTasks, t => Assert.Equal(Successor, t.AgencyId));
    }

    [Fact]
    public async Task TransferCase_ToTheAgencyItIsIn_ChangesNothing()
    {
        await _h.ImportAsync(ConsultationAll);
        var started = await _h.StartAsync("test-consultation");
        var before = await _h.CaseAsync(started.CaseId);

        await _h.Runtime.TransferCaseAsync(new TransferCaseCommand(started.CaseId, _h.AgencyId, "lần nữa"), Ct);

        var after = await _h.CaseAsync(started.CaseId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.JournalCount, after.JournalCount);
    }

    [Fact]
    public async Task TransferCase_OfAFinishedCase_IsRejectedAndTheCaseStaysWithItsAgency()
    {
        await _h.ImportAsync(ConsultationAll);
        var started = await _h.StartAsync("test-consultation");
        await _h.Runtime.CancelCaseAsync(new CancelCaseCommand(started.CaseId, _h.Leader, "rút hồ sơ"), Ct);

        await Assert.ThrowsAsync<WorkflowException>(() => _h.Runtime.TransferCaseAsync(new TransferCaseCommand(started.CaseId, Successor, "Hợp nhất"), Ct));

        Assert.Equal(_h.AgencyId, (await _h.CaseAsync(started.CaseId)).AgencyId);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \u200B ")]
    public async Task TransferCase_WithoutAReason_IsRejected(string reason)
    {
        await _h.ImportAsync(ConsultationAll);
        var started = await _h.StartAsync("test-consultation");

        await Assert.ThrowsAsync<WorkflowException>(() => _h.Runtime.TransferCaseAsync(new TransferCaseCommand(started.CaseId, Successor, reason), Ct));
    }

    [Fact]
    public async Task TransferCase_ToAnUnknownAgency_IsRejected()
    {
        await _h.ImportAsync(ConsultationAll);
        var started = await _h.StartAsync("test-consultation");

        await Assert.ThrowsAsync<WorkflowException>(() => _h.Runtime.TransferCaseAsync(new TransferCaseCommand(started.CaseId, Guid.NewGuid(), "Hợp nhất"), Ct));

        Assert.Equal(_h.AgencyId, (await _h.CaseAsync(started.CaseId)).AgencyId);
    }

    [Fact]
    public async Task TransferCase_WhoseCommitFails_StoresNothing()
    {
        var store = new InterceptingStore(new InMemoryWorkflowStore());
        using var h = new EngineHarness(store);
        h.Directory.AddAgency(Successor, "NAMGIANGHIA", "UBND phường Nam Gia Nghĩa", "commune");
        await h.ImportAsync(ConsultationAll);
        var started = await h.StartAsync("test-consultation");
        var before = await h.CaseAsync(started.CaseId);
        store.BeforeCommit = _ => throw new IOException("disk full");

        await Assert.ThrowsAsync<IOException>(() => h.Runtime.TransferCaseAsync(new TransferCaseCommand(started.CaseId, Successor, "Hợp nhất"), Ct));

        var after = await h.CaseAsync(started.CaseId);
        Assert.Equal(h.AgencyId, after.AgencyId);
        Assert.Equal(before.JournalCount, after.JournalCount);
        Assert.All(await h.Store.GetTasksOfCaseAsync(started.CaseId, Ct), t => Assert.Equal(h.AgencyId, t.AgencyId));
    }

    public void Dispose() => _h.Dispose();
}
