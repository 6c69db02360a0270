using Iso.Web.Application;
using Iso.Web.Cases;

namespace Iso.Web.Tests.Components.Pages.Cases;

/// <summary>The case use cases as the inbox and task pages see them, answering from memory.</summary>
internal sealed class FakeCaseWork : ICaseWork
{
    public List<InboxItem> Inbox { get; } = [];

    public Dictionary<Guid, TaskDetails> Tasks { get; } = [];

    public List<(Guid TaskId, CompleteTaskRequest Request)> Completed { get; } = [];

    public Problem? CompleteProblem { get; set; }

    public List<InboxRequest> InboxRequests { get; } = [];

    public Task<Result<InboxPage>> InboxAsync(Caller caller, InboxRequest request, CancellationToken cancellationToken = default)
    {
        InboxRequests.Add(request);
        var items = Inbox.Where(i => !Completed.Any(c => c.TaskId == i.Id)).ToList();
        return Task.FromResult<Result<InboxPage>>(new InboxPage([.. items.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)], items.Count, request.Page, request.PageSize));
    }

    public Task<IReadOnlyList<ProcedureOption>> ProceduresAsync(Caller caller, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ProcedureOption>>([new ProcedureOption("tthc-mot-cap", "Thủ tục một cơ quan")]);

    public List<SavedFilterView> Saved { get; } = [];

    public Task<IReadOnlyList<SavedFilterView>> SavedFiltersAsync(Caller caller, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SavedFilterView>>([.. Saved]);

    public Task<Result<SavedFilterView>> SaveFilterAsync(Caller caller, string? name, string? query, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Task.FromResult<Result<SavedFilterView>>(Problem.Invalid("name", "Validation_Required"));
        }

        var saved = new SavedFilterView(Guid.NewGuid(), name, query ?? string.Empty);
        Saved.Add(saved);
        return Task.FromResult<Result<SavedFilterView>>(saved);
    }

    public Task<Result> DeleteFilterAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        Saved.RemoveAll(f => f.Id == id);
        return Task.FromResult(Result.Success);
    }

    public Task<Result<TaskDetails>> TaskAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<TaskDetails>>(Tasks.TryGetValue(taskId, out var task) ? task : Problem.NotFound("Problem_TaskNotFound", taskId));

    public Task<Result<CommandView>> ClaimAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default) => Done(taskId);

    public Task<Result<CommandView>> ReleaseAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default) => Done(taskId);

    public Task<Result<CommandView>> CompleteAsync(Caller caller, Guid taskId, CompleteTaskRequest request, CancellationToken cancellationToken = default)
    {
        if (CompleteProblem is { } problem)
        {
            return Task.FromResult<Result<CommandView>>(problem);
        }

        Completed.Add((taskId, request));
        return Done(taskId);
    }

    public Task<Result<CommandView>> ReassignAsync(Caller caller, Guid taskId, ReassignTaskRequest request, CancellationToken cancellationToken = default) => Done(taskId);

    public Task<IReadOnlyList<PersonOption>> ReassignCandidatesAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PersonOption>>([]);

    public Task<Result<CaseFileInfo>> AttachAsync(Caller caller, Guid caseId, Guid? taskId, string fileName, Stream content, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<CaseFileInfo>>(Problem.Invalid("file", "Validation_FileType", ".pdf"));

    public Dictionary<string, CaseSheet> Sheets { get; } = [];

    public Dictionary<string, CaseApologyView> Apologies { get; } = [];

    public List<CaseListItem> Cases { get; } = [];

    public List<CaseListRequest> CaseRequests { get; } = [];

    public List<(string Code, DraftApologyRequest Request)> Drafts { get; } = [];

    public List<string> Issued { get; } = [];

    public Task<Result<CaseSheet>> SheetAsync(Caller caller, string idOrCode, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<CaseSheet>>(Sheets.TryGetValue(idOrCode, out var sheet) ? sheet : Problem.NotFound("Problem_CaseCodeNotFound", idOrCode));

    public Task<Result<CaseListPage>> CasesAsync(Caller caller, CaseListRequest request, CancellationToken cancellationToken = default)
    {
        CaseRequests.Add(request);
        return Task.FromResult<Result<CaseListPage>>(new CaseListPage([.. Cases.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)], Cases.Count, request.Page, request.PageSize));
    }

    public Task<IReadOnlyList<AgencyOption>> CaseAgenciesAsync(Caller caller, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AgencyOption>>([new AgencyOption(Guid.Parse("00000000-0000-0000-0000-000000000001"), "Sở Tư pháp")]);

    public Task<Result<CaseApologyView>> ApologyAsync(Caller caller, string idOrCode, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<CaseApologyView>>(Apologies.TryGetValue(idOrCode, out var view) ? view : Problem.NotFound("Problem_CaseCodeNotFound", idOrCode));

    public Task<Result<CaseApologyView>> DraftApologyAsync(Caller caller, string idOrCode, DraftApologyRequest request, CancellationToken cancellationToken = default)
    {
        Drafts.Add((idOrCode, request));
        return ApologyAsync(caller, idOrCode, cancellationToken);
    }

    public Task<Result<CaseApologyView>> IssueApologyAsync(Caller caller, string idOrCode, IssueApologyRequest request, CancellationToken cancellationToken = default)
    {
        Issued.Add(idOrCode);
        return ApologyAsync(caller, idOrCode, cancellationToken);
    }

    public static InboxItem Item(string title, string? dueState = "OnTime", decimal? hoursLeft = 12m, bool mine = false, string reference = "000.00.15.H01-261201-0001") => new(
        Guid.NewGuid(), Guid.NewGuid(), "tthc-mot-cap", "examine", title, "Staff", "CHUYEN-MON", mine ? Guid.NewGuid() : null, "Open",
        DateTimeOffset.UtcNow.AddHours(-2), new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.FromHours(7)), dueState, null, reference,
        "Thủ tục một cơ quan", new DateTimeOffset(2026, 12, 1, 8, 15, 0, TimeSpan.FromHours(7)), hoursLeft, mine);

    private static Task<Result<CommandView>> Done(Guid taskId) => Task.FromResult<Result<CommandView>>(new CommandView(Guid.NewGuid(), "Running", null, []));
}
