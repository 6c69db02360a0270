using System.Globalization;
using Iso.Data;
using Iso.Data.Organisation;
using Iso.Web.Application;
using Microsoft.EntityFrameworkCore;
using DataAgencyNode = Iso.Data.Organisation.AgencyNode;

namespace Iso.Web.Organisation;

/// <summary>Scopes with the <see cref="Caller"/>, reads through the data layer's <see cref="OrganisationQueries"/> on a
/// short-lived context per call (pages keep no context for their circuit), and shapes the result for the UI and API
/// (kind names in the reader's language).</summary>
internal sealed class OrganisationDirectory(IDbContextFactory<IsoDbContext> contexts, TimeProvider clock, GetAgencyFigures figures) : IOrganisationDirectory
{
    private static readonly StringComparer VietnameseOrder = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    public async Task<Result<Profile>> GetProfileAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!caller.IsSignedIn || await new OrganisationQueries(db).GetPersonAsync(caller.UserId, cancellationToken) is not { } person)
        {
            return Problem.Of(ProblemKind.NotSignedIn, new Message("Problem_AccountGone"));
        }

        return new Profile(
            person.UserName,
            person.FullName,
            person.Position,
            new NamedRef(person.Agency.Code, person.Agency.Name),
            person.Unit is null ? null : new NamedRef(person.Unit.Code, person.Unit.Name),
            person.Roles);
    }

    public async Task<IReadOnlyList<AgencyNode>> GetVisibleTreeAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var visibility = caller.MayReadAcrossAgencies ? AgencyVisibility.Everything
            : caller.IsSignedIn ? AgencyVisibility.Only([caller.AgencyId])
            : AgencyVisibility.Only([]);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Ended (merged, renamed) agencies stay in the tree with their dates: their records keep their history.
        var tree = await new OrganisationQueries(db).GetAgencyTreeAsync(visibility, today, includeEnded: true, cancellationToken);
        var kinds = await KindNamesAsync(db, cancellationToken);
        return [.. tree.Select(node => ToNode(node, kinds))];
    }

    public async Task<Result<AgencyDetails>> GetAgencyAsync(Caller caller, string? agencyCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (new Validation().Required("code", agencyCode, TextLimits.Code).Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var queries = new OrganisationQueries(db);
        if (await queries.FindAgencyAsync(agencyCode!, cancellationToken) is not { } agency)
        {
            return Problem.NotFound("Problem_AgencyNotFound", agencyCode);
        }

        // Agencies are public knowledge (the tree is published), so another agency's people are forbidden, not hidden.
        if (!caller.MayRead(agency.Id))
        {
            return Problem.Forbidden("Problem_AgencyForbidden", agencyCode);
        }

        var kinds = await KindNamesAsync(db, cancellationToken);
        var units = await queries.GetUnitsAsync(agency.Id, cancellationToken);
        var people = await queries.GetPeopleAsync(agency.Id, cancellationToken);
        var successorId = await db.Agencies.AsNoTracking().Where(a => a.Id == agency.Id).Select(a => a.SuccessorId).SingleAsync(cancellationToken);
        var successor = successorId is null ? null : await db.Agencies.AsNoTracking().Where(a => a.Id == successorId)
            .Select(a => new CountedAgency(a.Code, a.Name, a.EffectiveFrom, a.EffectiveTo)).SingleOrDefaultAsync(cancellationToken);
        var predecessors = await db.Agencies.AsNoTracking().Where(a => a.SuccessorId == agency.Id).OrderBy(a => a.Code)
            .Select(a => new CountedAgency(a.Code, a.Name, a.EffectiveFrom, a.EffectiveTo)).ToListAsync(cancellationToken);
        return new AgencyDetails(
            ToNode(new DataAgencyNode(agency, []), kinds),
            [.. units.Select(u => new UnitRow(u.Code, u.Name, u.EffectiveFrom, u.EffectiveTo))],
            [.. people
                .OrderBy(p => p.FullName, VietnameseOrder)
                .Select(p => new PersonRow(p.UserName, p.FullName, p.Position, p.Unit?.Code, p.Unit?.Name, p.Roles, p.IsActive))],
            successor,
            predecessors);
    }

    public async Task<OrganisationSummary> GetSummaryAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (caller.MayReadAcrossAgencies)
        {
            return new OrganisationSummary(
                await db.Agencies.CountAsync(cancellationToken),
                await db.Units.CountAsync(cancellationToken),
                await db.Users.CountAsync(cancellationToken));
        }

        var agencyId = caller.AgencyId;
        return new OrganisationSummary(
            await db.Agencies.CountAsync(a => a.Id == agencyId, cancellationToken),
            await db.Units.CountAsync(u => u.AgencyId == agencyId, cancellationToken),
            await db.Users.CountAsync(u => u.AgencyId == agencyId, cancellationToken));
    }

    public Task<Result<AgencyFigures>> GetFiguresAsync(Caller caller, string? agencyCode, bool lineage, CancellationToken cancellationToken = default) =>
        figures.HandleAsync(caller, agencyCode, lineage, cancellationToken);

    public async Task<IReadOnlyList<NamedRef>> GetKindsAsync(CancellationToken cancellationToken = default)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AgencyKinds.AsNoTracking().OrderBy(k => k.Level).ThenBy(k => k.Code)
            .Select(k => new NamedRef(k.Code, english ? k.NameEn : k.NameVi)).ToListAsync(cancellationToken);
    }

    private static async Task<Dictionary<string, string>> KindNamesAsync(IsoDbContext db, CancellationToken cancellationToken)
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
