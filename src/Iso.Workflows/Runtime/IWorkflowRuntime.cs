using Iso.Workflows.Calendar;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;

namespace Iso.Workflows.Runtime;

/// <summary>
/// The engine's commands. Each runs in ONE store transaction: the step and everything it triggers (automatic nodes,
/// new tasks, timers, journal entries) is stored together, or nothing is. A lost race on a different task of the same
/// case is retried transparently; completing a task someone else completed throws <see cref="TaskAlreadyCompletedException"/>.
/// </summary>
public interface IWorkflowRuntime
{
    Task<CommandResult> StartCaseAsync(StartCaseCommand command, CancellationToken cancellationToken = default);

    Task<CommandResult> CompleteTaskAsync(CompleteTaskCommand command, CancellationToken cancellationToken = default);

    Task<CommandResult> ClaimTaskAsync(ClaimTaskCommand command, CancellationToken cancellationToken = default);

    /// <summary>Gives a claimed task back to its candidates; only the assignee may.</summary>
    Task<CommandResult> ReleaseTaskAsync(ReleaseTaskCommand command, CancellationToken cancellationToken = default);

    /// <summary>Re-arms a faulted case's failed timers (attempts reset), journals it, and tries each once at once; a
    /// failure then counts as a first attempt again. Throws <see cref="CaseNotFaultedException"/> when it is not faulted.</summary>
    Task<CommandResult> RetryFaultedCaseAsync(RetryFaultedCaseCommand command, CancellationToken cancellationToken = default);

    Task<CommandResult> ReassignTaskAsync(ReassignTaskCommand command, CancellationToken cancellationToken = default);

    /// <summary>Drafts a running case's apology letter or edits its pending draft (see <see cref="DraftApologyCommand"/>).</summary>
    Task<WorkflowApologyRecord> DraftApologyAsync(DraftApologyCommand command, CancellationToken cancellationToken = default);

    /// <summary>A leader issues the pending apology draft, once (see <see cref="IssueApologyCommand"/>); throws
    /// <see cref="ApologyStateException"/> when there is none or it is not the one named.</summary>
    Task<WorkflowApologyRecord> IssueApologyAsync(IssueApologyCommand command, CancellationToken cancellationToken = default);

    Task<CommandResult> CancelCaseAsync(CancelCaseCommand command, CancellationToken cancellationToken = default);

    /// <summary>Moves a running case and its open tasks to another agency (see <see cref="TransferCaseCommand"/>).</summary>
    Task<CommandResult> TransferCaseAsync(TransferCaseCommand command, CancellationToken cancellationToken = default);

    /// <summary>Claims due timers by lease for <paramref name="owner"/> and fires them, each in its own transaction.
    /// Returns how many fired.</summary>
    Task<int> FireDueTimersAsync(string owner, int max = 100, CancellationToken cancellationToken = default);

    /// <summary>Where a task stands against its due date now (the calendar's <see cref="DueSoonRule"/> over its allotted time).</summary>
    DueState GetDueState(WorkflowTaskRecord task);

    /// <summary>Where a case stands against its time limit now.</summary>
    DueState GetDueState(WorkflowCaseRecord workflowCase);

    /// <summary>Checks a case's journal: its hash chain, its head and the head's keyed checkpoint (<see cref="JournalVerifier"/>).</summary>
    JournalVerificationResult VerifyJournal(WorkflowCaseRecord workflowCase, IReadOnlyList<WorkflowJournalEntry> entries);
}
