using Iso.Workflows.Persistence;

namespace Iso.Workflows.Journal;

/// <summary>The outcome of checking a case journal; <see cref="FirstBrokenSequence"/> is the first entry that does not verify
/// (for a checkpoint that does not match, the head entry it should anchor).</summary>
public sealed record JournalVerificationResult(bool IsValid, long? FirstBrokenSequence, string? Problem,
    JournalCheckpointStatus Checkpoint = JournalCheckpointStatus.NotChecked)
{
    public static JournalVerificationResult Valid { get; } = new(true, null, null, JournalCheckpointStatus.Valid);
}

/// <summary>
/// Recomputes the hash chain of a case journal, compares its end with the head kept on the case, and checks the head's
/// keyed checkpoint (ADR 0009): the chain alone shows an edited, removed or reordered entry, the checkpoint a case whose
/// entries and hashes were all rewritten by someone without the key.
/// </summary>
public static class JournalVerifier
{
    public static async Task<JournalVerificationResult> VerifyAsync(IWorkflowStore store, Guid caseId, IJournalCheckpointKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var workflowCase = await store.FindCaseAsync(caseId, cancellationToken)
            ?? throw new ArgumentException($"Case {caseId} does not exist.", nameof(caseId));
        var entries = await store.GetJournalAsync(caseId, cancellationToken);
        return Verify(workflowCase, entries, key);
    }

    /// <summary>The chain, the head and the checkpoint.</summary>
    public static JournalVerificationResult Verify(WorkflowCaseRecord workflowCase, IReadOnlyList<WorkflowJournalEntry> entries, IJournalCheckpointKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var chain = VerifyChain(workflowCase, entries);
        if (!chain.IsValid)
        {
            return chain;
        }

        var head = workflowCase.JournalCount;
        return JournalCheckpoint.Check(key, workflowCase) switch
        {
            JournalCheckpointStatus.Valid => JournalVerificationResult.Valid,
            JournalCheckpointStatus.Missing => new(false, head, $"The journal head (entry {head}) has no keyed checkpoint: it cannot be shown that the journal was written by this product.", JournalCheckpointStatus.Missing),
            JournalCheckpointStatus.OtherKey => new(false, head,
                $"The checkpoint of the journal head (entry {head}) was made with another key ({JournalCheckpoint.KeyIdOf(workflowCase.JournalCheckpoint) ?? "unknown format"}), not this node's ({key.KeyId}): every node must use the same Iso:Journal key.",
                JournalCheckpointStatus.OtherKey),
            var status => new(false, head, $"The checkpoint does not match the journal head (entry {head}): the journal was rewritten without the key.", status),
        };
    }

    /// <summary>The hash chain and the head kept on the case only, without the checkpoint (see <see cref="Verify"/>).</summary>
    public static JournalVerificationResult VerifyChain(WorkflowCaseRecord workflowCase, IReadOnlyList<WorkflowJournalEntry> entries)
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

        return new(true, null, null);
    }
}
