using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;

namespace Iso.Workflows.Tests.Journal;

/// <summary>
/// Hashes already stored in databases must keep verifying: these values were computed by the first implementation
/// of the canonical form (JSON array written by Utf8JsonWriter with its default escaping), and any rewrite of the
/// hasher has to reproduce them byte for byte.
/// </summary>
public sealed class JournalHasherTests
{
    private static WorkflowJournalEntry FullEntry() => new()
    {
        Id = Guid.Parse("0193a0b1-0000-7000-8000-000000000001"),
        CaseId = Guid.Parse("0193a0b1-2c3d-7e4f-8a5b-6c7d8e9fa0b1"),
        Sequence = 12,
        At = new DateTimeOffset(2026, 4, 30, 16, 5, 7, TimeSpan.FromHours(7)).AddTicks(1234567),
        Kind = "TaskCompleted",
        ActorId = Guid.Parse("11111111-2222-3333-4444-555555555555"),
        NodeId = "thẩm-định",
        TaskId = Guid.Parse("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"),
        Outcome = "approve",
        Comment = "Đồng ý <ký> & \"ban hành\" + 'gửi' \\ ngay\n`x` ✓ 😀",
        DataJson = "{\"pages\":2,\"note\":\"Tết\"}",
        PreviousHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        Hash = string.Empty,
    };

    [Fact]
    public void Compute_EntryWithEveryField_MatchesThePinnedHash()
    {
        Assert.Equal("c77b0449cc0586dbf96f57f300336f0d1abd41c6a47d45ba38b7a529132637c2", JournalHasher.Compute(FullEntry()));
    }

    [Fact]
    public void Compute_EntryWithNullFields_MatchesThePinnedHash()
    {
        var entry = new WorkflowJournalEntry
        {
            CaseId = Guid.Parse("0193a0b1-2c3d-7e4f-8a5b-6c7d8e9fa0b1"),
            Sequence = 1,
            At = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Kind = "CaseStarted",
            Hash = string.Empty,
        };

        Assert.Equal("f89208e1451be46cec433d7b38617d1891e91ab4e16d841b39f812d3560adfdf", JournalHasher.Compute(entry));
    }

    [Fact]
    public void Compute_LongTextFields_MatchesThePinnedHash()
    {
        var entry = FullEntry();
        entry.Comment = string.Concat(Enumerable.Repeat("Ý kiến thẩm định dài <b>&</b> ", 400));
        entry.DataJson = "{\"x\":\"" + new string('a', 20_000) + "\"}";

        Assert.Equal("7635f9752616cee01dbe72523856f83878bde9ec9f8ab04d0f3f132ea75bbd9e", JournalHasher.Compute(entry));
    }

    [Theory]
    [InlineData(nameof(WorkflowJournalEntry.Comment))]
    [InlineData(nameof(WorkflowJournalEntry.NodeId))]
    [InlineData(nameof(WorkflowJournalEntry.PreviousHash))]
    [InlineData(nameof(WorkflowJournalEntry.Sequence))]
    [InlineData(nameof(WorkflowJournalEntry.At))]
    [InlineData(nameof(WorkflowJournalEntry.ActorId))]
    public void Compute_ChangedField_ChangesTheHash(string field)
    {
        var entry = FullEntry();
        var before = JournalHasher.Compute(entry);
        switch (field)
        {
            case nameof(WorkflowJournalEntry.Comment): entry.Comment += "."; break;
            case nameof(WorkflowJournalEntry.NodeId): entry.NodeId = "tham-dinh"; break;
            case nameof(WorkflowJournalEntry.PreviousHash): entry.PreviousHash = null; break;
            case nameof(WorkflowJournalEntry.Sequence): entry.Sequence++; break;
            case nameof(WorkflowJournalEntry.At): entry.At = entry.At.AddTicks(10); break;
            default: entry.ActorId = null; break;
        }

        Assert.NotEqual(before, JournalHasher.Compute(entry));
    }

    [Fact]
    public void Compute_SubMicrosecondDifference_DoesNotChangeTheHash()
    {
        var entry = FullEntry();
        entry.At = JournalHasher.Normalize(entry.At);
        var before = JournalHasher.Compute(entry);
        entry.At = entry.At.AddTicks(9);

        Assert.Equal(before, JournalHasher.Compute(entry));
    }
}
