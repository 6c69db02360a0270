using Iso.Data;
using Iso.Data.Procedures;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Procedures;

/// <summary>Reading an agency's procedures: the catalogue, a procedure's versions, one version, two versions compared.
/// People of the agency read their own; auditors and administrators read every agency; nobody else's is found.</summary>
public sealed class ProcedureCatalogue(
    IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, DefinitionChecker checker, AgencyTime agencyTime)
{
    /// <summary>What people of the agency may start a case on (the contract of <c>GET /api/v1/procedures</c>).</summary>
    public async Task<Result<IReadOnlyList<StartableProcedure>>> ListStartableAsync(Caller caller, string? agencyCode, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ProcedureData.AgencyAsync(db, caller, agencyCode, cancellationToken) is not { } agency)
        {
            return Problem.NotFound("Problem_AgencyNotFound", agencyCode ?? string.Empty);
        }

        var published = await db.Set<StoredDefinition>().AsNoTracking()
            .Where(d => (d.OwnerAgencyId == agency.Id || d.OwnerAgencyId == null) && d.Status == DefinitionStatus.Published)
            .ToListAsync(cancellationToken);
        var tthc = await TthcByKeyAsync(db, agency.Id, cancellationToken);
        var own = published.Where(d => d.OwnerAgencyId == agency.Id).ToList();
        // As the runtime resolves: a template serves a key the agency has never published (a retired one is stopped).
        var ownKeys = (await db.Set<StoredDefinition>().AsNoTracking()
                .Where(d => d.OwnerAgencyId == agency.Id && (d.Status == DefinitionStatus.Published || d.Status == DefinitionStatus.Retired))
                .Select(d => d.Key).Distinct().ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var rows = own.Select(d => Startable(d, false, tthc))
            .Concat(published.Where(d => d.OwnerAgencyId is null && !ownKeys.Contains(d.Key)).Select(d => Startable(d, true, tthc)))
            .OrderBy(p => p.IsTemplate).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToList();
        return Result.Ok<IReadOnlyList<StartableProcedure>>(rows);
    }

    /// <summary>The catalogue page: templates and the agency's procedures with all their versions, filtered by category and status.</summary>
    public async Task<Result<ProcedureCatalogueView>> GetCatalogueAsync(
        Caller caller, string? agencyCode, ProcedureCatalogueFilter? filter = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ProcedureData.AgencyAsync(db, caller, agencyCode, cancellationToken) is not { } agency)
        {
            return Problem.NotFound("Problem_AgencyNotFound", agencyCode ?? string.Empty);
        }

        var templates = await db.Set<StoredDefinition>().AsNoTracking()
            .Where(d => d.OwnerAgencyId == null && d.Status == DefinitionStatus.Published)
            .OrderBy(d => d.Key)
            .ToListAsync(cancellationToken);
        var templateRows = templates.Select(t =>
        {
            var (category, days) = ProcedureData.Facts(t.Json);
            var appliesTo = WorkflowDefinitionLoader.Load(t.Json).Definition?.AppliesTo ?? [];
            return new TemplateRow(t.Key, t.Version, t.Name, category, days, appliesTo);
        }).ToList();

        var procedures = await ListProceduresAsync(db, agency.Id, key: null, cancellationToken);
        if (filter?.Category is { Length: > 0 } wantedCategory)
        {
            procedures = [.. procedures.Where(p => p.Category == wantedCategory)];
            templateRows = [.. templateRows.Where(t => t.Category == wantedCategory)];
        }

        if (filter?.Status is { Length: > 0 } wantedStatus)
        {
            procedures = [.. procedures.Where(p => p.Versions.Any(v => v.Status == wantedStatus))];
        }

        var mayAuthor = caller.MayActIn(agency.Id) && await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments);
        var mayApprove = caller.MayActIn(agency.Id) && await authorization.AllowsAsync(caller, IsoPolicies.Approve);
        return new ProcedureCatalogueView(agency.Code, agency.Name, mayAuthor, mayApprove, templateRows, procedures);
    }

    /// <summary>One procedure of the agency with all its versions, newest first.</summary>
    public async Task<Result<ProcedureRow>> GetVersionsAsync(Caller caller, string? agencyCode, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ProcedureData.AgencyAsync(db, caller, agencyCode, cancellationToken) is not { } agency)
        {
            return Problem.NotFound("Problem_AgencyNotFound", agencyCode ?? string.Empty);
        }

        var rows = await ListProceduresAsync(db, agency.Id, key, cancellationToken);
        return rows.Count == 1 ? rows[0] : Problem.NotFound("Problem_ProcedureNotFound", key);
    }

    /// <summary>Who did what to any version of the procedure, newest first.</summary>
    public async Task<Result<IReadOnlyList<ProcedureEventView>>> GetHistoryAsync(Caller caller, string? agencyCode, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ProcedureData.AgencyAsync(db, caller, agencyCode, cancellationToken) is not { } agency)
        {
            return Problem.NotFound("Problem_AgencyNotFound", agencyCode ?? string.Empty);
        }

        return Result.Ok<IReadOnlyList<ProcedureEventView>>(await HistoryAsync(db, agency.Id, key, cancellationToken));
    }

    /// <summary>Whether the caller writes procedures of the agency (a quality officer of it).</summary>
    public async Task<bool> MayAuthorAsync(Caller caller, string? agencyCode, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ProcedureData.AgencyAsync(db, caller, agencyCode, cancellationToken) is { } agency
            && caller.MayActIn(agency.Id) && await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments);
    }

    /// <summary>One version with its text, problems, step table, history and what the caller may do with it.
    /// Reading never creates anything: opening a published version shows it as it is.</summary>
    public async Task<Result<ProcedureVersionDetails>> GetVersionAsync(
        Caller caller, string? agencyCode, string key, int version, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ProcedureData.AgencyAsync(db, caller, agencyCode, cancellationToken) is not { } agency)
        {
            return Problem.NotFound("Problem_AgencyNotFound", agencyCode ?? string.Empty);
        }

        var stored = await ProcedureData.Versions(db, agency.Id, key).AsNoTracking().SingleOrDefaultAsync(d => d.Version == version, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound("Problem_ProcedureVersionNotFound", key, version);
        }

        return await DetailsAsync(db, caller, agency, stored, cancellationToken);
    }

    /// <summary>What changed from one version of a procedure to another.</summary>
    public async Task<Result<ProcedureComparison>> CompareAsync(
        Caller caller, string? agencyCode, string key, int from, int to, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ProcedureData.AgencyAsync(db, caller, agencyCode, cancellationToken) is not { } agency)
        {
            return Problem.NotFound("Problem_AgencyNotFound", agencyCode ?? string.Empty);
        }

        var versions = await ProcedureData.Versions(db, agency.Id, key).AsNoTracking()
            .Where(d => d.Version == from || d.Version == to)
            .ToDictionaryAsync(d => d.Version, d => d.Json, cancellationToken);
        if (!versions.TryGetValue(from, out var oldJson))
        {
            return Problem.NotFound("Problem_ProcedureVersionNotFound", key, from);
        }

        if (!versions.TryGetValue(to, out var newJson))
        {
            return Problem.NotFound("Problem_ProcedureVersionNotFound", key, to);
        }

        try
        {
            return new ProcedureComparison(key, from, to, DefinitionDiff.Compare(oldJson, newJson)) { FromJson = oldJson, ToJson = newJson };
        }
        catch (System.Text.Json.JsonException)
        {
            return Problem.Of(ProblemKind.Unprocessable, new Message("Problem_ProcedureNotComparable"));
        }
    }

    /// <summary>What adopting <paramref name="templateKey"/> asks: the template's unit codes and roles, and the agency's units.</summary>
    public async Task<Result<AdoptionPlan>> PlanAdoptionAsync(Caller caller, string templateKey, CancellationToken cancellationToken = default)
    {
        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_ProcedureAuthorOnly");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await db.Set<StoredDefinition>().AsNoTracking()
            .Where(d => d.OwnerAgencyId == null && d.Key == templateKey && d.Status == DefinitionStatus.Published)
            .OrderByDescending(d => d.Version)
            .FirstOrDefaultAsync(cancellationToken);
        if (template is null)
        {
            return Problem.NotFound("Problem_TemplateNotFound", templateKey);
        }

        var definition = WorkflowDefinitionLoader.Load(template.Json).Definition;
        var tasks = definition?.Nodes.OfType<UserTaskNode>().ToList() ?? [];
        var today = agencyTime.Today;
        var units = await ActiveUnitsAsync(db, caller.AgencyId, today, cancellationToken);
        var keyInUse = await ProcedureData.Versions(db, caller.AgencyId, templateKey).AnyAsync(cancellationToken);
        return new AdoptionPlan(
            template.Key,
            template.Version,
            template.Name,
            template.Key,
            [.. tasks.Select(t => t.Candidate.Unit).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. tasks.Select(t => t.Candidate.Role).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            units,
            keyInUse);
    }

    /// <summary>The agency's units in force on <paramref name="day"/>.</summary>
    internal static async Task<IReadOnlyList<UnitOption>> ActiveUnitsAsync(IsoDbContext db, Guid agencyId, DateOnly day, CancellationToken cancellationToken) =>
        await db.Units.AsNoTracking()
            .Where(u => u.AgencyId == agencyId && u.EffectiveFrom <= day && (u.EffectiveTo == null || u.EffectiveTo >= day))
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Code)
            .Select(u => new UnitOption(u.Code, u.Name))
            .ToListAsync(cancellationToken);

    internal async Task<ProcedureVersionDetails> DetailsAsync(IsoDbContext db, Caller caller, AgencyRef agency, StoredDefinition stored, CancellationToken cancellationToken)
    {
        var history = await HistoryAsync(db, agency.Id, stored.Key, cancellationToken);
        var acts = caller.MayActIn(agency.Id);
        var author = acts && await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments);
        var leader = acts && await authorization.AllowsAsync(caller, IsoPolicies.Approve);
        var hasOpenDraft = await ProcedureData.Versions(db, agency.Id, stored.Key)
            .AnyAsync(d => d.Status == DefinitionStatus.Draft || d.Status == DefinitionStatus.Submitted, cancellationToken);
        var today = agencyTime.Today;
        var units = await ActiveUnitsAsync(db, agency.Id, today, cancellationToken);
        var problems = ValidationReport.Of(checker.Check(stored.Json).Concat(checker.CheckUnits(stored.Json, units, today)));
        return new ProcedureVersionDetails(
            agency.Code,
            stored.Key,
            stored.Version,
            ProcedureData.StatusName(stored.Status),
            stored.Name,
            stored.SourceKey,
            stored.SourceVersion,
            ProcedureData.ETag(stored.Revision),
            stored.Json,
            problems,
            StepTable.Read(stored.Json),
            [.. history.Where(h => h.Version == stored.Version)],
            MayEdit: author && stored.Status == DefinitionStatus.Draft,
            MaySubmit: author && stored.Status == DefinitionStatus.Draft && problems.IsValid,
            MayApprove: leader && stored.Status == DefinitionStatus.Submitted,
            MayRetire: leader && stored.Status == DefinitionStatus.Published,
            MayStartDraft: author && !hasOpenDraft && stored.Status != DefinitionStatus.Draft,
            Units: units)
        {
            Layout = await ProcedureLayoutData.ReadAsync(db, stored.Id, cancellationToken),
        };
    }

    internal static async Task<List<ProcedureEventView>> HistoryAsync(IsoDbContext db, Guid agencyId, string key, CancellationToken cancellationToken) =>
        await (from e in db.ProcedureEvents.AsNoTracking()
               where e.AgencyId == agencyId && e.Key == key
               join u in db.Users.AsNoTracking() on e.UserId equals u.Id into people
               from u in people.DefaultIfEmpty()
               orderby e.Id descending
               select new ProcedureEventView(e.Version, e.Kind, e.At, e.UserName, u == null ? null : u.FullName, e.Comment, e.DecisionNumber, e.DecisionDate))
            .ToListAsync(cancellationToken);

    private static async Task<Dictionary<string, List<string>>> TthcByKeyAsync(IsoDbContext db, Guid agencyId, CancellationToken cancellationToken) =>
        (await db.AdministrativeProcedures.AsNoTracking()
            .Where(p => p.AgencyId == agencyId && p.ProcedureKey != null)
            .Select(p => new { p.ProcedureKey, p.Code })
            .ToListAsync(cancellationToken))
        .GroupBy(p => p.ProcedureKey!, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(p => p.Code).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

    private static StartableProcedure Startable(StoredDefinition d, bool template, Dictionary<string, List<string>> tthc)
    {
        var (category, days) = ProcedureData.Facts(d.Json);
        return new StartableProcedure(d.Key, d.Version, d.Name, category, days, template, template ? [] : tthc.GetValueOrDefault(d.Key) ?? []);
    }

    private static async Task<List<ProcedureRow>> ListProceduresAsync(IsoDbContext db, Guid agencyId, string? key, CancellationToken cancellationToken)
    {
        var query = db.Set<StoredDefinition>().AsNoTracking().Where(d => d.OwnerAgencyId == agencyId);
        if (key is not null)
        {
            query = query.Where(d => d.Key == key);
        }

        var versions = await query.OrderBy(d => d.Key).ThenByDescending(d => d.Version).ToListAsync(cancellationToken);
        if (versions.Count == 0)
        {
            return [];
        }

        var ids = versions.Select(v => v.Id).ToList();
        var caseCounts = await db.Set<WorkflowCaseRecord>().AsNoTracking()
            .Where(c => ids.Contains(c.DefinitionId))
            .GroupBy(c => c.DefinitionId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var approvals = (await (from e in db.ProcedureEvents.AsNoTracking()
                                where e.AgencyId == agencyId && e.Kind == ProcedureEventKinds.Approved && ids.Contains(e.DefinitionId)
                                join u in db.Users.AsNoTracking() on e.UserId equals u.Id into people
                                from u in people.DefaultIfEmpty()
                                select new { e.Id, e.DefinitionId, Name = u == null ? e.UserName : u.FullName, e.DecisionNumber, e.DecisionDate })
                .ToListAsync(cancellationToken))
            .GroupBy(e => e.DefinitionId)
            .ToDictionary(g => g.Key, g => g.MaxBy(e => e.Id)!);
        var tthc = await TthcByKeyAsync(db, agencyId, cancellationToken);

        var rows = new List<ProcedureRow>();
        foreach (var group in versions.GroupBy(v => v.Key, StringComparer.Ordinal))
        {
            var versionRows = group.Select(v =>
            {
                var (category, days) = ProcedureData.Facts(v.Json);
                approvals.TryGetValue(v.Id, out var approval);
                return new ProcedureVersionRow(
                    v.Version, ProcedureData.StatusName(v.Status), v.Name, category, days, v.CreatedAt, v.PublishedAt,
                    approval?.Name, approval?.DecisionNumber, approval?.DecisionDate, v.RetiredAt,
                    caseCounts.GetValueOrDefault(v.Id), ProcedureData.ETag(v.Revision));
            }).ToList();
            var published = group.FirstOrDefault(v => v.Status == DefinitionStatus.Published);
            var head = published ?? group.First();
            var facts = versionRows.First(r => r.Version == head.Version);
            rows.Add(new ProcedureRow(
                group.Key, head.Name, facts.Category, facts.TimeLimitWorkingDays,
                ProcedureData.StatusName(group.First().Status), published?.Version, head.SourceKey,
                tthc.GetValueOrDefault(group.Key) ?? [], versionRows));
        }

        return rows;
    }
}
