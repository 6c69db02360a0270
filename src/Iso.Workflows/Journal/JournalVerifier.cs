using Iso.Workflows.Persistence;

namespace Iso.Workflows.Journal;

/// <summary>The outcome of checking a case journal; <see cref="FirstBrokenSequence"/> is the first entry that does not verify.</summary>
public sealed record JournalVerificationResult(bool IsValid, long? FirstBrokenSequence, string? Problem)
{
    public static JournalVerificationResult Valid { get; } = new(true, null, null);
}

/// <summary>Recomputes the hash chain of a case journal and compares its end with the head kept on the case.</summary>
public static class JournalVerifier
{
    public static async Task<JournalVerificationResult> VerifyAsync(IWorkflowStore store, Guid caseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var workflowCase = await store.FindCaseAsync(caseId, cancellationToken)
            ?? throw new ArgumentException($"Case {caseId} does not exist.", nameof(caseId));
        var entries = await store.GetJournalAsync(caseId, cancellationToken);
        return Verify(workflowCase, entries);
    }

    public static JournalVerificationResult Verify(WorkflowCaseRecord workflowCase, IReadOnlyList<WorkflowJournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(workflowCase);
        ArgumentNullException.ThrowIfNull(entries);
        string? previous = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var expectedSequence = i + 1L;
            if (entry.CaseId != workflowCase.Id)
            {
                return new(false, expectedSequence, $"Entry {expectedSequence} belongs to another case.");
            }

            if (entry.Sequence != expectedSequence)
            {
                return new(false, expectedSequence, $"Entry {expectedSequence} is missing (found sequence {entry.Sequence} instead).");
            }

            if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal))
            {
                return new(false, expectedSequence, $"Entry {expectedSequence} does not link to the entry before it.");
            }

            if (!string.Equals(JournalHasher.Compute(entry), entry.Hash, StringComparison.Ordinal))
            {
                return new(false, expectedSequence, $"Entry {expectedSequence} ({entry.Kind}) was altered: its content does not match its hash.");
            }

            previous = entry.Hash;
        }

        if (entries.Count != workflowCase.JournalCount || !string.Equals(previous, workflowCase.JournalHeadHash, StringComparison.Ordinal))
        {
            var first = Math.Min(entries.Count, workflowCase.JournalCount) + 1;
            return new(false, first, $"The journal has {entries.Count} entries but the case recorded {workflowCase.JournalCount}: entries from {first} on were removed or added.");
        }

        return JournalVerificationResult.Valid;
    }
}
