using Iso.Web.Application;

namespace Iso.Web.Organisation;

/// <summary><c>/api/v1/me</c>, <c>/api/v1/agencies</c> and <c>/api/v1/agencies/{code}/people</c>: thin doors onto
/// <see cref="IOrganisationDirectory"/>, which scopes to what the caller may see.</summary>
internal static class OrganisationEndpoints
{
    public static RouteGroupBuilder MapOrganisationEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me", GetMeAsync)
            .WithTags("People")
            .WithSummary("The caller: user name, full name, agency, unit and roles.")
            .Produces<Profile>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        var agencies = api.MapGroup("/agencies").WithTags("Organisation");
        agencies.MapGet("/", GetAgenciesAsync)
            .WithSummary("The agencies the caller may see, as a tree (own agency; the whole tree for auditors and administrators).")
            .Produces<IReadOnlyList<AgencyNode>>();
        agencies.MapGet("/{code}/people", GetPeopleAsync)
            .WithSummary("The people of an agency the caller may read.")
            .Produces<IReadOnlyList<PersonRow>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> GetMeAsync(Caller caller, IOrganisationDirectory directory, CancellationToken cancellationToken) =>
        (await directory.GetProfileAsync(caller, cancellationToken)).ToHttpResult();

    private static async Task<IResult> GetAgenciesAsync(Caller caller, IOrganisationDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.GetVisibleTreeAsync(caller, cancellationToken));

    private static async Task<IResult> GetPeopleAsync(string code, Caller caller, IOrganisationDirectory directory, CancellationToken cancellationToken) =>
        (await directory.GetAgencyAsync(caller, code, cancellationToken)).ToHttpResult(details => TypedResults.Ok(details.People));
}
