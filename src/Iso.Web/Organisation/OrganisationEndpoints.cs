using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Iso.Web.Organisation;

/// <summary><c>/api/v1/me</c>, <c>/api/v1/agencies</c> and <c>/api/v1/agencies/{code}/people</c>.</summary>
internal static class OrganisationEndpoints
{
    public static RouteGroupBuilder MapOrganisationEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me", GetMeAsync)
            .WithTags("People")
            .WithSummary("The caller: user name, full name, agency, unit and roles.");

        var agencies = api.MapGroup("/agencies").WithTags("Organisation");
        agencies.MapGet("/", GetAgenciesAsync)
            .WithSummary("The agencies the caller may see, as a tree (own agency; the whole tree for auditors and administrators).");
        agencies.MapGet("/{code}/people", GetPeopleAsync)
            .WithSummary("The people of an agency the caller may read.");
        return api;
    }

    private static async Task<Results<Ok<Profile>, ProblemHttpResult>> GetMeAsync(
        ClaimsPrincipal user, IOrganisationDirectory directory, CancellationToken cancellationToken)
    {
        var profile = await directory.GetProfileAsync(user, cancellationToken);
        return profile is null
            ? TypedResults.Problem("The signed-in account no longer exists.", statusCode: StatusCodes.Status401Unauthorized)
            : TypedResults.Ok(profile);
    }

    private static async Task<Ok<IReadOnlyList<AgencyNode>>> GetAgenciesAsync(
        ClaimsPrincipal user, IOrganisationDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.GetVisibleTreeAsync(user, cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<PersonRow>>, ProblemHttpResult>> GetPeopleAsync(
        string code, ClaimsPrincipal user, IOrganisationDirectory directory, CancellationToken cancellationToken)
    {
        var lookup = await directory.GetAgencyAsync(user, code, cancellationToken);
        return lookup.Status switch
        {
            LookupStatus.Found => TypedResults.Ok(lookup.Value!.People),
            LookupStatus.Forbidden => TypedResults.Problem(
                $"You may not read the people of agency '{code}': only your own agency, unless you are an auditor or administrator.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden."),
            _ => TypedResults.Problem($"There is no agency with code '{code}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found."),
        };
    }
}
