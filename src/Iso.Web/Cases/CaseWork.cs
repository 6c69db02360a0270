using Iso.Web.Application;

namespace Iso.Web.Cases;

/// <summary>
/// What the inbox and task pages do, in one place: each member is one of the case use cases (the same services the
/// endpoints call), so the pages stay thin doors and component tests can stand in a fake.
/// </summary>
public interface ICaseWork
{
    Task<Result<InboxPage>> InboxAsync(Caller caller, InboxRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ProcedureOption>> ProceduresAsync(Caller caller, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SavedFilterView>> SavedFiltersAsync(Caller caller, CancellationToken cancellationToken = default);

    Task<Result<SavedFilterView>> SaveFilterAsync(Caller caller, string? name, string? query, CancellationToken cancellationToken = default);

    Task<Result> DeleteFilterAsync(Caller caller, Guid id, CancellationToken cancellationToken = default);

    Task<Result<TaskDetails>> TaskAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default);

    Task<Result<CommandView>> ClaimAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default);

    Task<Result<CommandView>> ReleaseAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default);

    Task<Result<CommandView>> CompleteAsync(Caller caller, Guid taskId, CompleteTaskRequest request, CancellationToken cancellationToken = default);

    Task<Result<CommandView>> ReassignAsync(Caller caller, Guid taskId, ReassignTaskRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PersonOption>> ReassignCandidatesAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default);

    Task<Result<CaseFileInfo>> AttachAsync(Caller caller, Guid caseId, Guid? taskId, string fileName, Stream content, CancellationToken cancellationToken = default);

    Task<Result<CaseSheet>> SheetAsync(Caller caller, string idOrCode, CancellationToken cancellationToken = default);

    Task<Result<CaseListPage>> CasesAsync(Caller caller, CaseListRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AgencyOption>> CaseAgenciesAsync(Caller caller, CancellationToken cancellationToken = default);

    Task<Result<CaseApologyView>> ApologyAsync(Caller caller, string idOrCode, CancellationToken cancellationToken = default);

    Task<Result<CaseApologyView>> DraftApologyAsync(Caller caller, string idOrCode, DraftApologyRequest request, CancellationToken cancellationToken = default);

    Task<Result<CaseApologyView>> IssueApologyAsync(Caller caller, string idOrCode, IssueApologyRequest request, CancellationToken cancellationToken = default);
}

internal sealed class CaseWork(
    GetInbox inbox,
    InboxFilters filters,
    GetTask task,
    ClaimTask claim,
    ReleaseTask release,
    CompleteTask complete,
    ReassignTask reassign,
    CaseFiles files,
    GetCaseSheet sheet,
    ListCases cases,
    CaseApologies apologies) : ICaseWork
{
    public Task<Result<CaseSheet>> SheetAsync(Caller caller, string idOrCode, CancellationToken cancellationToken = default) =>
        sheet.HandleAsync(caller, idOrCode, cancellationToken);

    public Task<Result<CaseListPage>> CasesAsync(Caller caller, CaseListRequest request, CancellationToken cancellationToken = default) =>
        cases.HandleAsync(caller, request, cancellationToken);

    public Task<IReadOnlyList<AgencyOption>> CaseAgenciesAsync(Caller caller, CancellationToken cancellationToken = default) =>
        cases.AgenciesAsync(caller, cancellationToken);

    public Task<Result<CaseApologyView>> ApologyAsync(Caller caller, string idOrCode, CancellationToken cancellationToken = default) =>
        apologies.GetAsync(caller, idOrCode, cancellationToken);

    public Task<Result<CaseApologyView>> DraftApologyAsync(Caller caller, string idOrCode, DraftApologyRequest request, CancellationToken cancellationToken = default) =>
        apologies.DraftAsync(caller, idOrCode, request, cancellationToken);

    public Task<Result<CaseApologyView>> IssueApologyAsync(Caller caller, string idOrCode, IssueApologyRequest request, CancellationToken cancellationToken = default) =>
        apologies.IssueAsync(caller, idOrCode, request, cancellationToken);

    public Task<Result<InboxPage>> InboxAsync(Caller caller, InboxRequest request, CancellationToken cancellationToken = default) =>
        inbox.HandleAsync(caller, request, cancellationToken);

    public Task<IReadOnlyList<ProcedureOption>> ProceduresAsync(Caller caller, CancellationToken cancellationToken = default) =>
        inbox.ProceduresAsync(caller, cancellationToken);

    public Task<IReadOnlyList<SavedFilterView>> SavedFiltersAsync(Caller caller, CancellationToken cancellationToken = default) =>
        filters.ListAsync(caller, cancellationToken);

    public Task<Result<SavedFilterView>> SaveFilterAsync(Caller caller, string? name, string? query, CancellationToken cancellationToken = default) =>
        filters.SaveAsync(caller, name, query, cancellationToken);

    public Task<Result> DeleteFilterAsync(Caller caller, Guid id, CancellationToken cancellationToken = default) =>
        filters.DeleteAsync(caller, id, cancellationToken);

    public Task<Result<TaskDetails>> TaskAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default) =>
        task.HandleAsync(caller, taskId, cancellationToken);

    public Task<Result<CommandView>> ClaimAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default) =>
        claim.HandleAsync(caller, taskId, cancellationToken);

    public Task<Result<CommandView>> ReleaseAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default) =>
        release.HandleAsync(caller, taskId, cancellationToken);

    public Task<Result<CommandView>> CompleteAsync(Caller caller, Guid taskId, CompleteTaskRequest request, CancellationToken cancellationToken = default) =>
        complete.HandleAsync(caller, taskId, request, cancellationToken);

    public Task<Result<CommandView>> ReassignAsync(Caller caller, Guid taskId, ReassignTaskRequest request, CancellationToken cancellationToken = default) =>
        reassign.HandleAsync(caller, taskId, request, cancellationToken);

    public Task<IReadOnlyList<PersonOption>> ReassignCandidatesAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default) =>
        reassign.CandidatesAsync(caller, taskId, cancellationToken);

    public Task<Result<CaseFileInfo>> AttachAsync(Caller caller, Guid caseId, Guid? taskId, string fileName, Stream content, CancellationToken cancellationToken = default) =>
        files.AttachAsync(caller, caseId, taskId, fileName, content, cancellationToken);
}
