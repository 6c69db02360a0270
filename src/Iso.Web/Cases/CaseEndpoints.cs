using Iso.Web.Application;
using Microsoft.AspNetCore.Mvc;

namespace Iso.Web.Cases;

/// <summary><c>/api/v1/cases</c> and <c>/api/v1/tasks</c>: thin doors onto the case use cases, which check who may do what,
/// scope to the caller's agency and validate.</summary>
internal static class CaseEndpoints
{
    public static RouteGroupBuilder MapCaseEndpoints(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapPost("/", StartCaseAsync)
            .WithSummary("Start a case in the caller's agency on its published procedure (or the template when the agency has not adopted one).")
            .Produces<CommandView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        cases.MapGet("/", ListCasesAsync)
            .WithSummary("Cases, newest received first, paged (pageSize at most 100; total in X-Total-Count): staff see their agency, auditors " +
                "and administrators any (agency=…, or all); status all|running|late|completed|cancelled; from/to (yyyy-MM-dd) of the received day; " +
                "each with its late marker and apology status (none|draft|issued).")
            .Produces<IReadOnlyList<CaseListItem>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        cases.MapGet("/{id}", GetCaseAsync)
            .WithSummary("A case (by its code, e.g. 000.00.19.H18-260821-0007, or its id) with its tasks (and their due state), its journal and the journal's verification; own agency, or any for auditors and administrators.")
            .Produces<CaseDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var tasks = api.MapGroup("/tasks").WithTags("Cases");
        tasks.MapGet("/", InboxEndpoints.GetInboxPageAsync)
            .WithSummary("The caller's inbox, paged: open tasks of their agency assigned to them or open to their role and unit, by due moment; " +
                "filters status (all|mine|unclaimed|overdue), procedure, receivedFrom/receivedTo (yyyy-MM-dd); total in X-Total-Count.")
            .Produces<IReadOnlyList<InboxItem>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        tasks.MapPost("/{id:guid}/claim", ClaimTaskAsync)
            .WithSummary("Take an open task for oneself, so that it leaves the other candidates' inboxes.")
            .Produces<CommandView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tasks.MapPost("/{id:guid}/complete", CompleteTaskAsync)
            .WithSummary("Complete an open task with one of its outcomes; 409 when someone completed it first.")
            .Produces<CommandView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> StartCaseAsync(StartCaseRequest request, Caller caller, StartCase useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, request, cancellationToken))
            .ToHttpResult(started => TypedResults.Created($"/api/v1/cases/{started.CaseId}", started));

    private static async Task<IResult> ListCasesAsync(
        HttpContext http, Caller caller, ListCases useCase, Guid? agency, string? status, DateOnly? from, DateOnly? to, int? page, int? pageSize,
        CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, new CaseListRequest(agency, status, from, to, page ?? 1, pageSize ?? CaseListRequest.DefaultPageSize), cancellationToken))
            .ToHttpResult(result =>
            {
                http.Response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.Response.Headers["X-Page"] = result.Page.ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.Response.Headers["X-Page-Size"] = result.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Ok(result.Items);
            });

    private static async Task<IResult> GetCaseAsync(string id, Caller caller, GetCase useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ClaimTaskAsync(Guid id, Caller caller, ClaimTask useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, cancellationToken)).ToHttpResult();

    private static async Task<IResult> CompleteTaskAsync(
        Guid id, [FromBody] CompleteTaskRequest request, Caller caller, CompleteTask useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, request, cancellationToken)).ToHttpResult();
}
