using Iso.Web.Application;

namespace Iso.Web.Organisation;

/// <summary><c>/api/v1/admin/agencies</c> (system administrators: create, update, rename, merge, split, close, and the
/// units of an agency) and <c>/api/v1/agencies/{code}/figures</c>: thin doors onto the organisation's use cases.</summary>
internal static class OrganisationAdminEndpoints
{
    public static RouteGroupBuilder MapOrganisationAdminEndpoints(this RouteGroupBuilder api)
    {
        var agencies = api.MapGroup("/admin/agencies").WithTags("Administration");
        agencies.MapPost("/", CreateAsync)
            .WithSummary("Creates an agency from a date (code, name, short name, kind, parent).")
            .Produces<AgencyRef>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        agencies.MapPut("/{code}", UpdateAsync)
            .WithSummary("Changes an agency's short name, kind, parent or order (a new name is a rename).")
            .Produces<AgencyRef>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        agencies.MapPost("/{code}/rename", RenameAsync)
            .WithSummary("Gives an agency a new name from a date; what happened before stays under the old name.")
            .Produces<AgencyRef>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        agencies.MapPost("/merge/preview", PreviewMergeAsync)
            .WithSummary("What a merge would move (people, units, sub-agencies, open cases, procedures); nothing is stored.")
            .Produces<MergePreview>().ProducesProblem(StatusCodes.Status400BadRequest);
        agencies.MapPost("/merge", MergeAsync)
            .WithSummary("Merges agencies into an existing or a new successor from a date; moves their people, units, sub-agencies, open cases and procedures.")
            .Produces<MergeReport>().ProducesProblem(StatusCodes.Status400BadRequest);
        agencies.MapPost("/{code}/carry-over", CarryOverAsync)
            .WithSummary("Runs a merge's follow-up again: moves the open cases and procedures still left with the successor's predecessors.")
            .Produces<MergeReport>().ProducesProblem(StatusCodes.Status404NotFound);
        agencies.MapPost("/{code}/split", SplitAsync)
            .WithSummary("Splits an agency into new agencies from a date; each takes the named units with their people.")
            .Produces<IReadOnlyList<AgencyRef>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        agencies.MapPost("/{code}/close", CloseAsync)
            .WithSummary("Ends an agency from a date (refused while it has active people or current sub-agencies).")
            .Produces<AgencyRef>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        agencies.MapPost("/{code}/units", CreateUnitAsync)
            .WithSummary("Creates a unit of the agency from a date.")
            .Produces<UnitRef>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        agencies.MapPost("/{code}/units/{unit}/rename", RenameUnitAsync)
            .WithSummary("Gives a unit a new name; its code stays.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        agencies.MapPost("/{code}/units/merge", MergeUnitsAsync)
            .WithSummary("Merges units of the agency into one of them from a date; their people move to it.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        agencies.MapPost("/{code}/units/{unit}/close", CloseUnitAsync)
            .WithSummary("Ends a unit from a date (refused while active people belong to it).")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/agencies/{code}/figures", FiguresAsync)
            .WithTags("Organisation")
            .WithSummary("Cases received, running and completed, people and units of an agency, alone or with the agencies it succeeded (lineage=true).")
            .Produces<AgencyFigures>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> CreateAsync(CreateAgencyRequest request, Caller caller, OrganisationAdministration organisation, CancellationToken cancellationToken) =>
        (await organisation.CreateAgencyAsync(caller, request, cancellationToken)).ToHttpResult(a => TypedResults.Created($"/api/v1/agencies/{a.Code}/people", a));

    private static async Task<IResult> UpdateAsync(string code, UpdateAgencyRequest request, Caller caller, OrganisationAdministration organisation, CancellationToken cancellationToken) =>
        (await organisation.UpdateAgencyAsync(caller, code, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> RenameAsync(string code, RenameAgencyRequest request, Caller caller, OrganisationAdministration organisation, CancellationToken cancellationToken) =>
        (await organisation.RenameAgencyAsync(caller, code, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> PreviewMergeAsync(MergeAgenciesRequest request, Caller caller, MergeAgencies merge, CancellationToken cancellationToken) =>
        (await merge.PreviewAsync(caller, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> MergeAsync(MergeAgenciesRequest request, Caller caller, MergeAgencies merge, CancellationToken cancellationToken) =>
        (await merge.HandleAsync(caller, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> CarryOverAsync(string code, Caller caller, MergeAgencies merge, CancellationToken cancellationToken) =>
        (await merge.CarryOverAsync(caller, code, cancellationToken)).ToHttpResult();

    private static async Task<IResult> SplitAsync(string code, SplitAgencyRequest request, Caller caller, OrganisationAdministration organisation, CancellationToken cancellationToken) =>
        (await organisation.SplitAgencyAsync(caller, code, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> CloseAsync(string code, CloseRequest request, Caller caller, OrganisationAdministration organisation, CancellationToken cancellationToken) =>
        (await organisation.CloseAgencyAsync(caller, code, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> CreateUnitAsync(string code, CreateUnitRequest request, Caller caller, OrganisationAdministration organisation, CancellationToken cancellationToken) =>
        (await organisation.CreateUnitAsync(caller, code, request, cancellationToken)).ToHttpResult(u => TypedResults.Created($"/api/v1/agencies/{u.AgencyCode}/people", u));

    private static async Task<IResult> RenameUnitAsync(string code, string unit, RenameUnitRequest request, Caller caller, OrganisationAdministration organisation, CancellationToken cancellationToken) =>
        (await organisation.RenameUnitAsync(caller, code, unit, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> MergeUnitsAsync(string code, MergeUnitsRequest request, Caller caller, OrganisationAdministration organisation, CancellationToken cancellationToken) =>
        (await organisation.MergeUnitsAsync(caller, code, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> CloseUnitAsync(string code, string unit, CloseRequest request, Caller caller, OrganisationAdministration organisation, CancellationToken cancellationToken) =>
        (await organisation.CloseUnitAsync(caller, code, unit, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> FiguresAsync(string code, bool? lineage, Caller caller, GetAgencyFigures figures, CancellationToken cancellationToken) =>
        (await figures.HandleAsync(caller, code, lineage ?? false, cancellationToken)).ToHttpResult();
}
