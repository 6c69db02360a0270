using System.Globalization;
using Iso.Web.Application;
using Microsoft.AspNetCore.Mvc;

namespace Iso.Web.Cases;

/// <summary>The inbox's doors beside <see cref="CaseEndpoints"/>: unclaim, reassign, a task with its step, saved filters,
/// notifications, faulted cases and case files. Each is one line onto the use case the pages call.</summary>
internal static class InboxEndpoints
{
    public static RouteGroupBuilder MapInboxEndpoints(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Cases");
        tasks.MapGet("/{id:guid}", GetTaskAsync)
            .WithSummary("A task with its step (instructions as sanitised HTML, form fields, outcomes), its case's timeline and files, and what the caller may do.")
            .Produces<TaskDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tasks.MapPost("/{id:guid}/release", ReleaseAsync)
            .WithSummary("Give a claimed task back to its candidates (only its assignee).")
            .Produces<CommandView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tasks.MapPost("/{id:guid}/reassign", ReassignAsync)
            .WithSummary("A leader hands an open task of their agency to one of its candidates (role and unit of the step).")
            .Produces<CommandView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tasks.MapGet("/{id:guid}/candidates", CandidatesAsync)
            .WithSummary("The people a leader may hand the task to.")
            .Produces<IReadOnlyList<PersonOption>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tasks.MapGet("/filters", ListFiltersAsync)
            .WithSummary("The caller's saved inbox filters.")
            .Produces<IReadOnlyList<SavedFilterView>>();
        tasks.MapPost("/filters", SaveFilterAsync)
            .WithSummary("Keep an inbox filter under a name (the same name replaces it).")
            .Produces<SavedFilterView>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        tasks.MapDelete("/filters/{id:guid}", DeleteFilterAsync)
            .WithSummary("Forget one of the caller's saved filters.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var notifications = api.MapGroup("/notifications").WithTags("Notifications");
        notifications.MapGet("/", NotificationsAsync)
            .WithSummary("The latest notifications addressed to the caller (new tasks, returns, overdue work, pending apologies) and the unread count.")
            .Produces<NotificationsView>();
        notifications.MapPost("/read", MarkReadAsync)
            .WithSummary("Mark notifications read for the caller; no ids: all of them.")
            .Produces<int>();

        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapGet("/faulted", FaultedAsync)
            .WithSummary("Administrators: cases whose automatic work failed on every retry, newest first.")
            .Produces<IReadOnlyList<FaultedCaseView>>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        cases.MapPost("/faulted/retry", RetryFaultedAsync)
            .WithSummary("Administrators: retry faulted cases (one or a selection); the outcome of each.")
            .Produces<IReadOnlyList<FaultedCaseOutcome>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        cases.MapPost("/faulted/cancel", CancelFaultedAsync)
            .WithSummary("Administrators: cancel faulted cases with a reason; the outcome of each.")
            .Produces<IReadOnlyList<FaultedCaseOutcome>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        cases.MapGet("/{id:guid}/files", FilesAsync)
            .WithSummary("The files kept with a case (name, type recognised from the content, size, SHA-256).")
            .Produces<IReadOnlyList<CaseFileInfo>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapGet("/{id:guid}/files/{fileId:guid}", FileAsync)
            .WithSummary("One file of a case, as stored.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The inbox, paged on the server: the body stays the list it always was; the total and the page travel in
    /// headers (<c>X-Total-Count</c>, <c>X-Page</c>, <c>X-Page-Size</c>), so existing clients keep working.</summary>
    internal static async Task<IResult> GetInboxPageAsync(
        HttpContext http, Caller caller, GetInbox useCase, string? status, string? procedure, DateOnly? receivedFrom, DateOnly? receivedTo,
        int? page, int? pageSize, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, new InboxRequest(status, procedure, receivedFrom, receivedTo, page ?? 1, pageSize ?? InboxRequest.DefaultPageSize), cancellationToken))
            .ToHttpResult(result =>
            {
                http.Response.Headers["X-Total-Count"] = result.Total.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers["X-Page"] = result.Page.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers["X-Page-Size"] = result.PageSize.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Ok(result.Items);
            });

    private static async Task<IResult> GetTaskAsync(Guid id, Caller caller, GetTask useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ReleaseAsync(Guid id, Caller caller, ReleaseTask useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ReassignAsync(Guid id, [FromBody] ReassignTaskRequest request, Caller caller, ReassignTask useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> CandidatesAsync(Guid id, Caller caller, ReassignTask useCase, CancellationToken cancellationToken) =>
        (await useCase.FindCandidatesAsync(caller, id, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ListFiltersAsync(Caller caller, InboxFilters useCase, CancellationToken cancellationToken) =>
        TypedResults.Ok(await useCase.ListAsync(caller, cancellationToken));

    private static async Task<IResult> SaveFilterAsync([FromBody] SaveFilterRequest request, Caller caller, InboxFilters useCase, CancellationToken cancellationToken) =>
        (await useCase.SaveAsync(caller, request.Name, request.Query, cancellationToken)).ToHttpResult();

    private static async Task<IResult> DeleteFilterAsync(Guid id, Caller caller, InboxFilters useCase, CancellationToken cancellationToken) =>
        (await useCase.DeleteAsync(caller, id, cancellationToken)).ToHttpResult();

    private static async Task<IResult> NotificationsAsync(Caller caller, MyNotifications useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, cancellationToken)).ToHttpResult();

    private static async Task<IResult> MarkReadAsync([FromBody] MarkReadRequest request, Caller caller, MyNotifications useCase, CancellationToken cancellationToken) =>
        (await useCase.MarkReadAsync(caller, request.Ids, cancellationToken)).ToHttpResult();

    private static async Task<IResult> FaultedAsync(Caller caller, FaultedCases useCase, CancellationToken cancellationToken) =>
        (await useCase.ListAsync(caller, cancellationToken)).ToHttpResult();

    private static async Task<IResult> RetryFaultedAsync([FromBody] FaultedCasesRequest request, Caller caller, FaultedCases useCase, CancellationToken cancellationToken) =>
        (await useCase.RetryAsync(caller, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> CancelFaultedAsync([FromBody] FaultedCasesRequest request, Caller caller, FaultedCases useCase, CancellationToken cancellationToken) =>
        (await useCase.CancelAsync(caller, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> FilesAsync(Guid id, Caller caller, CaseFiles useCase, CancellationToken cancellationToken) =>
        (await useCase.ListAsync(caller, id, cancellationToken)).ToHttpResult();

    private static async Task<IResult> FileAsync(Guid id, Guid fileId, Caller caller, CaseFiles useCase, CancellationToken cancellationToken) =>
        (await useCase.OpenAsync(caller, id, fileId, cancellationToken)).ToHttpResult(file => TypedResults.File(file.Content, file.ContentType, file.FileName));
}

/// <summary>Keeps the inbox filter <see cref="Query"/> (a query string) under <see cref="Name"/>.</summary>
public sealed record SaveFilterRequest(string? Name, string? Query);

/// <summary>The notifications to mark read; none or empty: all of the caller's.</summary>
public sealed record MarkReadRequest(IReadOnlyList<Guid>? Ids);
