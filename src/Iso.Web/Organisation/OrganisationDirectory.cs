using System.Globalization;
using System.Security.Claims;
using Iso.Data;
using Iso.Data.Organisation;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using DataAgencyNode = Iso.Data.Organisation.AgencyNode;

namespace Iso.Web.Organisation;

/// <summary>Decides visibility with the policies, reads through the data layer's <see cref="OrganisationQueries"/>
/// and shapes the result for the UI and API (kind names in the person's language).</summary>
internal sealed class OrganisationDirectory(
    OrganisationQueries queries, IsoDbContext db, IAuthorizationService authorization, TimeProvider clock) : IOrganisationDirectory
{
    private static readonly StringComparer VietnameseOrder = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    public async Task<Profile?> GetProfileAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user.GetUserId() is not { } userId || await queries.GetPersonAsync(userId, cancellationToken) is not { } person)
        {
            return null;
        }

        return new Profile(
            person.UserName,
            person.FullName,
            person.Position,
            new NamedRef(person.Agency.Code, person.Agency.Name),
            person.Unit is null ? null : new NamedRef(person.Unit.Code, person.Unit.Name),
            person.Roles);
    }

    public async Task<IReadOnlyList<AgencyNode>> GetVisibleTreeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var visibility = await VisibilityAsync(user);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        // Ended (merged, renamed) agencies stay in the tree with their dates: their records keep their history.
        var tree = await queries.GetAgencyTreeAsync(visibility, today, includeEnded: true, cancellationToken);
        var kinds = await KindNamesAsync(cancellationToken);
        return [.. tree.Select(node => ToNode(node, kinds))];
    }

    public async Task<Lookup<AgencyDetails>> GetAgencyAsync(ClaimsPrincipal user, string agencyCode, CancellationToken cancellationToken = default)
    {
        var agency = string.IsNullOrWhiteSpace(agencyCode) ? null : await queries.FindAgencyAsync(agencyCode, cancellationToken);
        if (agency is null)
        {
            return Lookup.NotFound<AgencyDetails>();
        }

        if (!(await authorization.AuthorizeAsync(user, agency.Id, IsoPolicies.ReadAgency)).Succeeded)
        {
            return Lookup.Forbidden<AgencyDetails>();
        }

        var kinds = await KindNamesAsync(cancellationToken);
        var units = await queries.GetUnitsAsync(agency.Id, cancellationToken);
        var people = await queries.GetPeopleAsync(agency.Id, cancellationToken);
        return Lookup.Found(new AgencyDetails(
            ToNode(new DataAgencyNode(agency, []), kinds),
            [.. units.Select(u => new UnitRow(u.Code, u.Name, u.EffectiveFrom, u.EffectiveTo))],
            [.. people
                .OrderBy(p => p.FullName, VietnameseOrder)
                .Select(p => new PersonRow(p.UserName, p.FullName, p.Position, p.Unit?.Code, p.Unit?.Name, p.Roles, p.IsActive))]));
    }

    public async Task<OrganisationSummary> GetSummaryAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (await MayReadAcrossAsync(user))
        {
            return new OrganisationSummary(
                await db.Agencies.CountAsync(cancellationToken),
                await db.Units.CountAsync(cancellationToken),
                await db.Users.CountAsync(cancellationToken));
        }

        var agencyId = user.GetAgencyId();
        return new OrganisationSummary(
            await db.Agencies.CountAsync(a => a.Id == agencyId, cancellationToken),
            await db.Units.CountAsync(u => u.AgencyId == agencyId, cancellationToken),
            await db.Users.CountAsync(u => u.AgencyId == agencyId, cancellationToken));
    }

    private async Task<AgencyVisibility> VisibilityAsync(ClaimsPrincipal user) =>
        await MayReadAcrossAsync(user) ? AgencyVisibility.Everything
        : user.GetAgencyId() is { } own ? AgencyVisibility.Only([own])
        : AgencyVisibility.Only([]);

    private async Task<bool> MayReadAcrossAsync(ClaimsPrincipal user) =>
        (await authorization.AuthorizeAsync(user, IsoPolicies.ReadAcrossAgencies)).Succeeded;

    private async Task<Dictionary<string, string>> KindNamesAsync(CancellationToken cancellationToken)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return await db.AgencyKinds.AsNoTracking()
            .ToDictionaryAsync(k => k.Code, k => english ? k.NameEn : k.NameVi, cancellationToken);
    }

    private static AgencyNode ToNode(DataAgencyNode node, Dictionary<string, string> kinds)
    {
        var agency = node.Agency;
        return new AgencyNode(
            agency.Id,
            agency.Code,
            agency.Name,
            agency.ShortName,
            agency.KindCode,
            kinds.GetValueOrDefault(agency.KindCode, agency.KindName),
            agency.EffectiveFrom,
            agency.EffectiveTo,
            [.. node.Children.Select(child => ToNode(child, kinds))]);
    }
}
