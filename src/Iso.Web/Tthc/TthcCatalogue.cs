using Iso.Data;
using Iso.Data.Procedures;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Procedures;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Tthc;

/// <summary>One administrative procedure of the agency with the internal procedure that handles it. <see cref="Flag"/>:
/// <c>ok</c>, <c>noProcedure</c> (none mapped, or the mapped one has no published version) or <c>exceedsStatutory</c>
/// (the published procedure's time limit is longer than the law's).</summary>
public sealed record TthcRow(
    Guid Id,
    string Code,
    string Name,
    string? Field,
    string? Level,
    decimal? StatutoryWorkingDays,
    string? Fee,
    string? LegalBasis,
    string? AnnouncingDecision,
    string? ProcedureKey,
    string? ProcedureName,
    int? ProcedureVersion,
    decimal? ProcedureWorkingDays,
    string Flag);

/// <summary>The TTHC catalogue of an agency and its coverage: TTHC with a published internal procedure ÷ all.</summary>
public sealed record TthcCatalogueView(
    string AgencyCode,
    string AgencyName,
    int Total,
    int Covered,
    decimal Coverage,
    bool MayEdit,
    IReadOnlyList<TthcRow> Items,
    IReadOnlyList<UnitOption> Procedures);

/// <summary>A TTHC kept by hand: <see cref="Id"/> null adds one.</summary>
public sealed record SaveTthcRequest(
    Guid? Id,
    string? Code,
    string? Name,
    string? Field = null,
    string? Level = null,
    decimal? StatutoryWorkingDays = null,
    string? Fee = null,
    string? LegalBasis = null,
    string? AnnouncingDecision = null,
    string? ProcedureKey = null);

public sealed record TthcImportResult(int Added, int Updated);

/// <summary>The agency's administrative procedures (TTHC): read by its people and by auditors, kept by its quality officers
/// by hand or from a CSV/Excel file (all rows or none).</summary>
public sealed class TthcCatalogue(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, TimeProvider clock)
{
    public async Task<Result<TthcCatalogueView>> GetAsync(Caller caller, string? agencyCode, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ProcedureData.AgencyAsync(db, caller, agencyCode, cancellationToken) is not { } agency)
        {
            return Problem.NotFound("Problem_AgencyNotFound", agencyCode ?? string.Empty);
        }

        var items = await db.AdministrativeProcedures.AsNoTracking().Where(p => p.AgencyId == agency.Id).OrderBy(p => p.Code).ToListAsync(cancellationToken);
        var definitions = await db.Set<StoredDefinition>().AsNoTracking()
            .Where(d => d.OwnerAgencyId == agency.Id)
            .Select(d => new { d.Key, d.Version, d.Name, d.Status, d.Json })
            .ToListAsync(cancellationToken);
        var published = definitions.Where(d => d.Status == DefinitionStatus.Published)
            .ToDictionary(d => d.Key, d => (d.Name, d.Version, ProcedureData.Facts(d.Json).TimeLimitWorkingDays), StringComparer.Ordinal);
        var rows = items.Select(p =>
        {
            var has = p.ProcedureKey is not null && published.TryGetValue(p.ProcedureKey, out var procedure);
            procedure = has ? published[p.ProcedureKey!] : default;
            var flag = !has ? "noProcedure"
                : p.StatutoryWorkingDays is { } limit && procedure.TimeLimitWorkingDays is { } days && days > limit ? "exceedsStatutory"
                : "ok";
            return new TthcRow(p.Id, p.Code, p.Name, p.Field, p.Level, p.StatutoryWorkingDays, p.Fee, p.LegalBasis, p.AnnouncingDecision,
                p.ProcedureKey, has ? procedure.Name : null, has ? procedure.Version : null, has ? procedure.TimeLimitWorkingDays : null, flag);
        }).ToList();
        var covered = rows.Count(r => r.Flag != "noProcedure");
        var coverage = rows.Count == 0 ? 0m : Math.Round((decimal)covered / rows.Count, 4);
        var mayEdit = await MayEditAsync(caller, agency.Id);
        var keys = definitions.GroupBy(d => d.Key, StringComparer.Ordinal)
            .Select(g => new UnitOption(g.Key, g.MaxBy(d => d.Version)!.Name))
            .OrderBy(o => o.Code, StringComparer.Ordinal)
            .ToList();
        return new TthcCatalogueView(agency.Code, agency.Name, rows.Count, covered, coverage, mayEdit, rows, keys);
    }

    public async Task<Result<TthcRow>> SaveAsync(Caller caller, SaveTthcRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await MayEditAsync(caller, caller.AgencyId))
        {
            return Problem.Forbidden("Problem_ProcedureAuthorOnly");
        }

        var code = request.Code?.Trim().ToUpperInvariant();
        var validation = new Validation()
            .Required("code", code, 50)
            .Required("name", request.Name, 1000)
            .Text("field", request.Field, 200)
            .Text("level", request.Level, 100)
            .Text("fee", request.Fee, 1000)
            .Text("legalBasis", request.LegalBasis, 4000)
            .Text("announcingDecision", request.AnnouncingDecision, 400)
            .Text("procedureKey", request.ProcedureKey, TextLimits.Code);
        if (code is { Length: > 0 } && !TthcFile.CodePattern().IsMatch(code))
        {
            validation.Add("code", "Validation_TthcCode");
        }

        if (request.StatutoryWorkingDays is < 0 or > 365)
        {
            validation.Add("statutoryWorkingDays", "Validation_TthcDays");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = string.IsNullOrWhiteSpace(request.ProcedureKey) ? null : request.ProcedureKey.Trim();
        if (key is not null && !await db.Set<StoredDefinition>().AnyAsync(d => d.OwnerAgencyId == caller.AgencyId && d.Key == key, cancellationToken))
        {
            validation.Add("procedureKey", "Validation_TthcUnknownProcedure", key);
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        AdministrativeProcedure? item;
        if (request.Id is { } id)
        {
            item = await db.AdministrativeProcedures.SingleOrDefaultAsync(p => p.Id == id && p.AgencyId == caller.AgencyId, cancellationToken);
            if (item is null)
            {
                return Problem.NotFound("Problem_TthcNotFound");
            }
        }
        else
        {
            item = new AdministrativeProcedure { Id = Guid.CreateVersion7(clock.GetUtcNow()), AgencyId = caller.AgencyId, Code = code!, Name = request.Name! };
            db.AdministrativeProcedures.Add(item);
        }

        if (await db.AdministrativeProcedures.AnyAsync(p => p.AgencyId == caller.AgencyId && p.Code == code && p.Id != item.Id, cancellationToken))
        {
            return Problem.Invalid("code", "Validation_TthcDuplicate", code);
        }

        item.Code = code!;
        item.Name = request.Name!.Trim();
        item.Field = Blank(request.Field);
        item.Level = Blank(request.Level);
        item.StatutoryWorkingDays = request.StatutoryWorkingDays;
        item.Fee = Blank(request.Fee);
        item.LegalBasis = Blank(request.LegalBasis);
        item.AnnouncingDecision = Blank(request.AnnouncingDecision);
        item.ProcedureKey = key;
        item.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var view = await GetAsync(caller, null, cancellationToken);
        return view.Value.Items.Single(r => r.Id == item.Id);
    }

    public async Task<Result> DeleteAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        if (!await MayEditAsync(caller, caller.AgencyId))
        {
            return Problem.Forbidden("Problem_ProcedureAuthorOnly");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var item = await db.AdministrativeProcedures.SingleOrDefaultAsync(p => p.Id == id && p.AgencyId == caller.AgencyId, cancellationToken);
        if (item is null)
        {
            return Problem.NotFound("Problem_TthcNotFound");
        }

        db.AdministrativeProcedures.Remove(item);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success;
    }

    /// <summary>Adds the file's TTHC to the caller's agency and updates those whose code is already there. Any bad row
    /// (reported by line and column) and nothing of the file is stored.</summary>
    public async Task<Result<TthcImportResult>> ImportAsync(Caller caller, Stream content, TthcFileFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!await MayEditAsync(caller, caller.AgencyId))
        {
            return Problem.Forbidden("Problem_ProcedureAuthorOnly");
        }

        var (rows, errors) = TthcFile.Read(content, format);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = (await db.Set<StoredDefinition>().AsNoTracking().Where(d => d.OwnerAgencyId == caller.AgencyId).Select(d => d.Key).Distinct().ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.ProcedureKey is not null && !keys.Contains(r.ProcedureKey)))
        {
            errors.Add(($"lines[{row.Line}].procedureKey", new Message("Import_UnknownProcedure", row.Line, TthcFile.HeaderOf("procedureKey"), row.ProcedureKey)));
        }

        if (errors.Count > 0)
        {
            var byField = errors.GroupBy(e => e.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<Message>)[.. g.Select(e => e.Message)], StringComparer.Ordinal);
            return new Problem(ProblemKind.Invalid, new Message("Problem_ImportRejected", errors.Count), byField);
        }

        var existing = await db.AdministrativeProcedures.Where(p => p.AgencyId == caller.AgencyId).ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, cancellationToken);
        var now = clock.GetUtcNow();
        var (added, updated) = (0, 0);
        foreach (var row in rows)
        {
            if (!existing.TryGetValue(row.Code, out var item))
            {
                item = new AdministrativeProcedure { Id = Guid.CreateVersion7(now), AgencyId = caller.AgencyId, Code = row.Code, Name = row.Name };
                db.AdministrativeProcedures.Add(item);
                added++;
            }
            else
            {
                updated++;
            }

            item.Name = row.Name;
            item.Field = row.Field;
            item.Level = row.Level;
            item.StatutoryWorkingDays = row.StatutoryWorkingDays;
            item.Fee = row.Fee;
            item.LegalBasis = row.LegalBasis;
            item.AnnouncingDecision = row.AnnouncingDecision;
            item.ProcedureKey = row.ProcedureKey ?? item.ProcedureKey;
            item.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new TthcImportResult(added, updated);
    }

    private async Task<bool> MayEditAsync(Caller caller, Guid agencyId) =>
        caller.MayActIn(agencyId) && await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
