using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Tests.Workflows;

/// <summary>What someone who can write the database (but has no key) does to rewrite a case: changes an entry's comment
/// with UPDATE statements, recomputes every hash after it and the case's head, and leaves the checkpoint alone.
/// Also linked into Iso.Web.Tests.</summary>
internal static class JournalRewrite
{
    public static async Task RewriteFirstEntryCommentAsync(IsoDbContext db, Guid caseId, string comment, CancellationToken cancellationToken)
    {
        var entries = await db.Set<WorkflowJournalEntry>().AsNoTracking().Where(e => e.CaseId == caseId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        entries[0].Comment = comment;
        string? previous = null;
        foreach (var entry in entries)
        {
            entry.PreviousHash = previous;
            entry.Hash = JournalHasher.Compute(entry);
            previous = entry.Hash;
            await db.Set<WorkflowJournalEntry>().Where(e => e.Id == entry.Id).ExecuteUpdateAsync(
                s => s.SetProperty(e => e.Comment, entry.Comment).SetProperty(e => e.PreviousHash, entry.PreviousHash).SetProperty(e => e.Hash, entry.Hash),
                cancellationToken);
        }

        await db.Set<WorkflowCaseRecord>().Where(c => c.Id == caseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.JournalHeadHash, previous), cancellationToken);
    }
}
