using Iso.Data;
using Iso.Data.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Organisation;

/// <summary>What <see cref="DemoReorganisation2025"/> changed; all zero (and <c>WardCreated</c> false) on a second run.</summary>
public sealed record ReorganisationReport(int CommunesMoved, int DistrictsClosed, bool WardCreated, int PeopleMoved, int CasesMoved, int CasesPending, int ProceduresCarried)
{
    public bool ChangedNothing => CommunesMoved == 0 && DistrictsClosed == 0 && !WardCreated && PeopleMoved == 0 && CasesMoved == 0 && ProceduresCarried == 0;
}

/// <summary>The 2025 reorganisation on the demo province (<c>seed --demo --reorganise-2025</c>), from 01/07/2025 (Law
/// 72/2025/QH15: two levels of local government): the district People's Committees end, their communes go under the
/// province, and the wards Nghĩa Đức and Nghĩa Thành merge into the new ward Nam Gia Nghĩa with their people, open cases
/// and procedures. Each step is skipped when already done, so a second run changes nothing.</summary>
public sealed class DemoReorganisation2025(IDbContextFactory<IsoDbContext> contexts, OrganisationSuccession succession)
{
    public static readonly DateOnly From = new(2025, 7, 1);
    public const string Province = "DAKNONG";
    public const string Ward = "NAMGIANGHIA";
    public const string WardName = "UBND phường Nam Gia Nghĩa";
    public static readonly IReadOnlyList<string> MergedCommunes = ["NGHIADUC", "NGHIATHANH"];

    public async Task<ReorganisationReport> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changes = new OrganisationChanges(db);
        if (!await db.Agencies.AnyAsync(a => a.Code == Province, cancellationToken))
        {
            throw new InvalidOperationException($"The demo province '{Province}' is missing: run seed --demo first.");
        }

        var wardCreated = false;
        var peopleMoved = 0;
        var current = await db.Agencies.AsNoTracking().Where(a => MergedCommunes.Contains(a.Code) && a.EffectiveTo == null).Select(a => a.Code).ToListAsync(cancellationToken);
        if (current.Count > 0)
        {
            var wardExists = await db.Agencies.AnyAsync(a => a.Code == Ward, cancellationToken);
            var merged = await changes.MergeAgenciesAsync(current, wardExists ? Ward : null,
                wardExists ? null : new NewAgency(Ward, WardName, "UBND phường Nam Gia Nghĩa", "commune", Province, From), From, cancellationToken);
            wardCreated = !wardExists;
            peopleMoved = merged.PeopleMoved;
        }

        var communesMoved = 0;
        var districtsClosed = 0;
        var districts = await db.Agencies.AsNoTracking().Where(a => a.KindCode == "district" && a.EffectiveTo == null)
            .OrderBy(a => a.SortOrder).Select(a => new { a.Id, a.Code }).ToListAsync(cancellationToken);
        foreach (var district in districts)
        {
            var communes = await db.Agencies.AsNoTracking().Where(a => a.ParentId == district.Id && a.EffectiveTo == null).Select(a => a.Code).ToListAsync(cancellationToken);
            foreach (var commune in communes)
            {
                await changes.MoveAgencyAsync(commune, Province, cancellationToken);
                communesMoved++;
            }

            await changes.CloseAgencyAsync(district.Code, From, cancellationToken);
            districtsClosed++;
        }

        var wardId = await db.Agencies.Where(a => a.Code == Ward).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(cancellationToken);
        var carried = wardId is { } id
            ? await succession.CarryOverAsync(id, null, $"Hợp nhất phường Nghĩa Đức và phường Nghĩa Thành thành {WardName} từ ngày {From:dd/MM/yyyy}", cancellationToken)
            : new CarryOverResult(0, 0, 0, []);
        return new ReorganisationReport(communesMoved, districtsClosed, wardCreated, peopleMoved, carried.CasesMoved, carried.CasesPending, carried.ProceduresCarried);
    }
}
