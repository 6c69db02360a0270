using System.Globalization;
using System.Security.Claims;
using Iso.Data;
using Iso.Data.Organisation;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Organisation;

internal sealed class OrganisationDirectory(IsoDbContext db, IAuthorizationService authorization) : IOrganisationDirectory
{
    private static readonly StringComparer VietnameseOrder = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    public async Task<Profile?> GetProfileAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user.GetUserId() is not { } userId)
        {
            return null;
        }

        var person = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.UserName,
                u.FullName,
                u.Position,
                AgencyCode = u.Agency!.Code,
                AgencyName = u.Agency.Name,
                UnitCode = u.Unit == null ? null : u.Unit.Code,
                UnitName = u.Unit == null ? null : u.Unit.Name,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return null;
        }

        var roles = await RolesOfAsync(db.Users.Where(u => u.Id == userId), cancellationToken);
        return new Profile(
            person.UserName ?? string.Empty,
            person.FullName,
            person.Position,
            new NamedRef(person.AgencyCode, person.AgencyName),
            person.UnitCode is null ? null : new NamedRef(person.UnitCode, person.UnitName!),
            roles.GetValueOrDefault(userId, []));
    }

    public async Task<IReadOnlyList<AgencyNode>> GetVisibleTreeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var agencies = await db.Agencies.AsNoTracking().Include(a => a.Kind).ToListAsync(cancellationToken);
        if (await MayReadAcrossAsync(user))
        {
            var byParent = agencies.ToLookup(a => a.ParentId);
            return BuildLevel(byParent, null);
        }

        var own = agencies.SingleOrDefault(a => a.Id == user.GetAgencyId());
        return own is null ? [] : [ToNode(own, [])];
    }

    public async Task<Lookup<AgencyDetails>> GetAgencyAsync(ClaimsPrincipal user, string agencyCode, CancellationToken cancellationToken = default)
    {
        var agency = await db.Agencies.AsNoTracking().Include(a => a.Kind)
            .SingleOrDefaultAsync(a => a.Code == agencyCode, cancellationToken);
        if (agency is null)
        {
            return Lookup.NotFound<AgencyDetails>();
        }

        if (!(await authorization.AuthorizeAsync(user, agency.Id, IsoPolicies.ReadAgency)).Succeeded)
        {
            return Lookup.Forbidden<AgencyDetails>();
        }

        var units = (await db.Units.AsNoTracking().Where(u => u.AgencyId == agency.Id).ToListAsync(cancellationToken))
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Name, VietnameseOrder)
            .Select(u => new UnitRow(u.Code, u.Name, u.EffectiveFrom, u.EffectiveTo))
            .ToList();

        var members = db.Users.Where(u => u.AgencyId == agency.Id);
        var roles = await RolesOfAsync(members, cancellationToken);
        var people = (await members.AsNoTracking()
                .Select(u => new
                {
                    u.Id,
                    u.UserName,
                    u.FullName,
                    u.Position,
                    UnitCode = u.Unit == null ? null : u.Unit.Code,
                    UnitName = u.Unit == null ? null : u.Unit.Name,
                    u.IsActive,
                })
                .ToListAsync(cancellationToken))
            .OrderBy(p => p.FullName, VietnameseOrder)
            .Select(p => new PersonRow(
                p.UserName ?? string.Empty, p.FullName, p.Position, p.UnitCode, p.UnitName, roles.GetValueOrDefault(p.Id, []), p.IsActive))
            .ToList();

        return Lookup.Found(new AgencyDetails(ToNode(agency, []), units, people));
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

    private async Task<bool> MayReadAcrossAsync(ClaimsPrincipal user) =>
        (await authorization.AuthorizeAsync(user, IsoPolicies.ReadAcrossAgencies)).Succeeded;

    private async Task<Dictionary<Guid, IReadOnlyList<string>>> RolesOfAsync(IQueryable<Data.Identity.IsoUser> users, CancellationToken cancellationToken)
    {
        var pairs = await (
                from u in users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                select new { u.Id, r.Name })
            .ToListAsync(cancellationToken);
        return pairs
            .GroupBy(p => p.Id)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(p => p.Name!).Order(StringComparer.Ordinal)]);
    }

    private static List<AgencyNode> BuildLevel(ILookup<Guid?, Agency> byParent, Guid? parentId) =>
        [.. byParent[parentId]
            .OrderBy(a => a.SortOrder).ThenBy(a => a.Name, VietnameseOrder)
            .Select(a => ToNode(a, BuildLevel(byParent, a.Id)))];

    private static AgencyNode ToNode(Agency agency, IReadOnlyList<AgencyNode> children) => new(
        agency.Id,
        agency.Code,
        agency.Name,
        agency.ShortName,
        agency.KindCode,
        KindName(agency.Kind, agency.KindCode),
        agency.EffectiveFrom,
        agency.EffectiveTo,
        children);

    private static string KindName(AgencyKind? kind, string code) =>
        kind is null ? code
        : CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? kind.NameEn
        : kind.NameVi;
}
