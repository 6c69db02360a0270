namespace Iso.Web.Cases;

/// <summary>Which tasks of the inbox: <c>all</c> (default), <c>mine</c> (assigned to me), <c>unclaimed</c> (my unit's,
/// nobody took them yet), <c>overdue</c>.</summary>
public static class InboxStatus
{
    public const string All = "all";
    public const string Mine = "mine";
    public const string Unclaimed = "unclaimed";
    public const string Overdue = "overdue";

    public static IReadOnlyList<string> Values { get; } = [All, Mine, Unclaimed, Overdue];
}

/// <summary>A page of the inbox, filtered: <see cref="Status"/> (<see cref="InboxStatus"/>), <see cref="Procedure"/>
/// (a procedure key), cases received between two dates (inclusive, the agency's calendar days), page from 1.</summary>
public sealed record InboxRequest(
    string? Status = null,
    string? Procedure = null,
    DateOnly? ReceivedFrom = null,
    DateOnly? ReceivedTo = null,
    int Page = 1,
    int PageSize = InboxRequest.DefaultPageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
}

/// <summary>One open task of the inbox: the fields of <see cref="TaskView"/> (so the list reads as before), the case it
/// belongs to, and where it stands: <see cref="TaskView.DueState"/> with the working hours left (negative: overdue by).</summary>
public sealed record InboxItem(
    Guid Id,
    Guid CaseId,
    string DefinitionKey,
    string NodeId,
    string Title,
    string CandidateRole,
    string? CandidateUnitCode,
    Guid? AssigneeId,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    string? DueState,
    DateTimeOffset? ClaimedAt,
    string? CaseReference,
    string ProcedureName,
    DateTimeOffset ReceivedAt,
    decimal? WorkingHoursLeft,
    bool IsMine);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Total, int Page, int PageSize);

/// <summary>A procedure a filter can name: its key and its name.</summary>
public sealed record ProcedureOption(string Key, string Name);

/// <summary>A filter a person kept: its name and the inbox query it stands for.</summary>
public sealed record SavedFilterView(Guid Id, string Name, string Query);

/// <summary>A person a task can be handed to.</summary>
public sealed record PersonOption(Guid Id, string FullName, string? UnitName);

/// <summary>Hands a task to <see cref="ToUserId"/>, who must be one of its candidates.</summary>
public sealed record ReassignTaskRequest(Guid? ToUserId, string? Comment = null);
