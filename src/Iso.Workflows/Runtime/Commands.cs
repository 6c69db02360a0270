using Iso.Workflows.Persistence;

namespace Iso.Workflows.Runtime;

/// <summary>Who acts: the user with their roles and unit codes in the case's agency. Roles and unit codes are compared
/// exactly (ordinal), as the stores compare them in the inbox.</summary>
public sealed record WorkflowActor(Guid UserId, IReadOnlyCollection<string> Roles, IReadOnlyCollection<string> UnitCodes)
{
    public bool HasRole(string role)
    {
        foreach (var r in Roles)
        {
            if (string.Equals(r, role, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public bool InUnit(string unitCode)
    {
        foreach (var u in UnitCodes)
        {
            if (string.Equals(u, unitCode, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Starts a case of the agency's published procedure <paramref name="DefinitionKey"/>
/// (or the given version; falling back to the published template when the agency has not adopted one).
/// <paramref name="Code"/> is the case code allocated by the caller (unique; the store refuses a duplicate).</summary>
public sealed record StartCaseCommand(
    Guid AgencyId,
    string DefinitionKey,
    int? DefinitionVersion = null,
    Guid? InitiatorId = null,
    IReadOnlyDictionary<string, object?>? Variables = null,
    DateTimeOffset? ReceivedAt = null,
    string? Reference = null,
    Guid? CaseId = null,
    string? Code = null);

/// <summary>Completes an open task with one of its outcomes; form values are strings as typed (numbers invariant, dates yyyy-MM-dd).
/// <paramref name="Admit"/>, when given, sees the task as stored before any check of the engine (inside the command, on
/// each attempt) and refuses by throwing a <see cref="WorkflowException"/>: the caller's own rules (its agency, tasks taken
/// elsewhere) cost no read of their own.</summary>
public sealed record CompleteTaskCommand(
    Guid TaskId,
    WorkflowActor Actor,
    string Outcome,
    string? Comment = null,
    IReadOnlyDictionary<string, string?>? Form = null,
    Action<WorkflowTaskRecord>? Admit = null);

public sealed record ClaimTaskCommand(Guid TaskId, WorkflowActor Actor);

/// <summary>Hands a task to another person (by a Leader, an Administrator or its current assignee).</summary>
public sealed record ReassignTaskCommand(Guid TaskId, WorkflowActor Actor, Guid ToUserId, string? Comment = null);

/// <summary>Gives a claimed task back to its candidates (only its assignee may).</summary>
public sealed record ReleaseTaskCommand(Guid TaskId, WorkflowActor Actor);

/// <summary>Re-arms the faulted automatic work of a case (an administrator) and tries it once at once.</summary>
public sealed record RetryFaultedCaseCommand(Guid CaseId, WorkflowActor Actor);

/// <summary>Drafts the apology letter of a running case, or edits its pending draft (the latest one not issued), with the
/// reason and the new appointment date; journalled <c>ApologyDrafted</c>. The host decides who may draft.</summary>
public sealed record DraftApologyCommand(Guid CaseId, WorkflowActor Actor, string Reason, DateTimeOffset NewAppointmentAt, string? FormVersion = null);

/// <summary>A Leader of the case's agency issues (signs) the pending apology draft of a running case, once; journalled
/// <c>ApologyIssued</c>. <paramref name="ApologyId"/>, when given, must be that pending draft (so one does not sign a letter
/// someone edited meanwhile without seeing it).</summary>
public sealed record IssueApologyCommand(Guid CaseId, WorkflowActor Actor, Guid? ApologyId = null);

public sealed record CancelCaseCommand(Guid CaseId, WorkflowActor Actor, string Reason);

/// <summary>Moves a running case and its open tasks to another agency (the successor of a merged agency), with a
/// <c>CaseTransferred</c> journal entry naming both agencies and the reason. Finished tasks, notifications and apologies
/// stay as they happened. Moving a case to the agency it is already in changes nothing.</summary>
public sealed record TransferCaseCommand(Guid CaseId, Guid ToAgencyId, string Reason, Guid? ActorId = null);

/// <summary>The state of a case after a command.</summary>
public sealed record CommandResult(Guid CaseId, CaseStatus Status, string? Result, IReadOnlyList<WorkflowTaskRecord> OpenTasks);
