using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.Journal;

public sealed class JournalVerifierTests : IDisposable
{
    private readonly EngineHarness _h = new();

    private async Task<(WorkflowCaseRecord Case, List<WorkflowJournalEntry> Entries)> CaseWithJournalAsync()
    {
        await _h.ImportAsync("Runtime/Workflows/document-approval.json");
        var started = await _h.StartAsync("test-document");
        var approve = (await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", "Đã soạn", new Dictionary<string, string?> { ["pages"] = "2" })).OpenTasks[0];
        await _h.CompleteAsync(approve, _h.Leader, "approve", "Đồng ý");
        return (await _h.CaseAsync(started.CaseId), [.. await _h.JournalAsync(started.CaseId)]);
    }

    [Fact]
    public async Task Verify_UntouchedJournal_IsValid()
    {
        var (workflowCase, entries) = await CaseWithJournalAsync();

        Assert.Equal(JournalVerificationResult.Valid, JournalVerifier.Verify(workflowCase, entries, _h.CheckpointKey));
        Assert.Equal(workflowCase.JournalCount, entries.Count);
    }

    [Fact]
    public async Task Verify_EditedComment_ReportsThatEntry()
    {
        var (workflowCase, entries) = await CaseWithJournalAsync();
        var edited = entries.First(e => e.Comment == "Đồng ý");
        edited.Comment = "Không đồng ý";

        var result = JournalVerifier.Verify(workflowCase, entries, _h.CheckpointKey);

        Assert.False(result.IsValid);
        Assert.Equal(edited.Sequence, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_EditedAndRehashedEntry_BreaksTheLinkOfTheNextEntry()
    {
        var (workflowCase, entries) = await CaseWithJournalAsync();
        var edited = entries[2];
        edited.ActorId = Guid.NewGuid();
        edited.Hash = JournalHasher.Compute(edited);

        var result = JournalVerifier.Verify(workflowCase, entries, _h.CheckpointKey);

        Assert.Equal(edited.Sequence + 1, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_DeletedTail_IsDetectedAgainstTheCaseHead()
    {
        var (workflowCase, entries) = await CaseWithJournalAsync();
        entries.RemoveRange(entries.Count - 2, 2);

        var result = JournalVerifier.Verify(workflowCase, entries, _h.CheckpointKey);

        Assert.False(result.IsValid);
        Assert.Equal(entries.Count + 1, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_DeletedMiddleEntry_IsDetected()
    {
        var (workflowCase, entries) = await CaseWithJournalAsync();
        entries.RemoveAt(3);

        Assert.Equal(4, JournalVerifier.Verify(workflowCase, entries, _h.CheckpointKey).FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_CaseRewrittenWithRecomputedHashes_IsDetectedByTheCheckpointOnly()
    {
        var (workflowCase, entries) = await CaseWithJournalAsync();
        // Someone who can write the database but has no key: edits an entry and recomputes every hash after it and the head.
        entries.First(e => e.Comment == "Đồng ý").Comment = "Không đồng ý";
        string? previous = null;
        foreach (var entry in entries)
        {
            entry.PreviousHash = previous;
            entry.Hash = JournalHasher.Compute(entry);
            previous = entry.Hash;
        }

        workflowCase.JournalHeadHash = previous;

        Assert.True(JournalVerifier.VerifyChain(workflowCase, entries).IsValid);
        var result = JournalVerifier.Verify(workflowCase, entries, _h.CheckpointKey);
        Assert.False(result.IsValid);
        Assert.Equal(JournalCheckpointStatus.Mismatch, result.Checkpoint);
        Assert.Equal(workflowCase.JournalCount, result.FirstBrokenSequence);
        Assert.Contains("rewritten without the key", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CaseWithoutCheckpoint_ReportsItMissing()
    {
        var (workflowCase, entries) = await CaseWithJournalAsync();
        workflowCase.JournalCheckpoint = null;

        var result = JournalVerifier.Verify(workflowCase, entries, _h.CheckpointKey);

        Assert.False(result.IsValid);
        Assert.Equal(JournalCheckpointStatus.Missing, result.Checkpoint);
    }

    [Fact]
    public async Task Verify_WithAnotherKey_ReportsBothKeyIds()
    {
        var (workflowCase, entries) = await CaseWithJournalAsync();
        var otherNode = HmacJournalCheckpointKey.CreateRandom();

        var result = JournalVerifier.Verify(workflowCase, entries, otherNode);

        Assert.Equal(JournalCheckpointStatus.OtherKey, result.Checkpoint);
        Assert.Contains(_h.CheckpointKey.KeyId, result.Problem, StringComparison.Ordinal);
        Assert.Contains(otherNode.KeyId, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CheckpointCopiedFromAnEarlierHead_DoesNotMatch()
    {
        await _h.ImportAsync("Runtime/Workflows/document-approval.json");
        var started = await _h.StartAsync("test-document");
        var earlier = (await _h.CaseAsync(started.CaseId)).JournalCheckpoint;
        await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: new Dictionary<string, string?> { ["pages"] = "2" });
        var workflowCase = await _h.CaseAsync(started.CaseId);
        Assert.NotEqual(earlier, workflowCase.JournalCheckpoint);
        workflowCase.JournalCheckpoint = earlier;

        var result = JournalVerifier.Verify(workflowCase, await _h.JournalAsync(started.CaseId), _h.CheckpointKey);

        Assert.Equal(JournalCheckpointStatus.Mismatch, result.Checkpoint);
    }

    [Fact]
    public void KeyId_IsTheSameForTheSameSecret_AndDiffersForAnother()
    {
        var secret = new byte[HmacJournalCheckpointKey.SecretBytes];
        secret[0] = 1;

        Assert.Equal(new HmacJournalCheckpointKey(secret).KeyId, new HmacJournalCheckpointKey(secret).KeyId);
        Assert.NotEqual(new HmacJournalCheckpointKey(secret).KeyId, new HmacJournalCheckpointKey(new byte[HmacJournalCheckpointKey.SecretBytes]).KeyId);
        Assert.Throws<ArgumentException>(() => new HmacJournalCheckpointKey(new byte[16]));
    }

    [Fact]
    public void Compute_IsStableAcrossOffsetsOfTheSameInstant()
    {
        var entry = new WorkflowJournalEntry { CaseId = Guid.NewGuid(), Sequence = 1, Kind = "K", Hash = "", At = new DateTimeOffset(2026, 1, 1, 15, 0, 0, TimeSpan.FromHours(7)) };
        var hash = JournalHasher.Compute(entry);
        entry.At = entry.At.ToUniversalTime();

        Assert.Equal(hash, JournalHasher.Compute(entry));
    }

    public void Dispose() => _h.Dispose();
}
