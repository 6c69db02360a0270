using System.Text.Json.Serialization;
using Iso.Data;
using Iso.Data.Cases;
using Iso.Data.Records;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Cases;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Records;

/// <summary>Where a record stands: kept within its retention, retention ended (waiting for records control), or archived.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecordState>))]
public enum RecordState
{
    Kept,
    RetentionEnded,
    Archived,
}

/// <summary>A record type of the register (danh mục hồ sơ), with how many records it has.</summary>
public sealed record RecordTypeView(
    Guid Id,
    Guid AgencyId,
    string Name,
    string? ProcedureKey,
    string Location,
    int RetentionYears,
    bool Permanent,
    string Responsible,
    int Revision,
    int Records,
    int Archived);

/// <summary>A record of a type: the finished case that produced it, its files, when its retention ends, and its state.</summary>
public sealed record RecordView(
    Guid CaseId,
    string? CaseCode,
    DateTimeOffset CompletedAt,
    int Files,
    DateOnly RetentionEndsOn,
    RecordState State,
    DateTimeOffset? ArchivedAt,
    string? Destination);

public sealed record RecordTypeDetails(RecordTypeView Type, IReadOnlyList<RecordView> Records);

/// <summary>The fields of a record type (create and edit); <see cref="Revision"/> is the edited copy's, for edits.</summary>
public sealed record RecordTypeRequest(
    string? Name, string? ProcedureKey, string? Location, int? RetentionYears, bool Permanent, string? Responsible, int? Revision = null);

/// <summary>
/// The register of record types of an agency (ISO 9001:2015 7.5.3): name, the procedure whose cases produce the
/// records, where they are kept, retention and who is responsible. Everyone of the agency (and cross-agency readers)
/// reads it; the agency's quality officers keep it. Another agency's type is "not found"; every change is in the history.
/// </summary>
public sealed class RecordTypes(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, TimeProvider clock, CaseClock caseClock)
{
    public const int NameLength = 300;
    public const int MaxRetentionYears = 100;

    public static Problem NotFound(Guid id) => Problem.NotFound("Problem_RecordTypeNotFound", id);

    public async Task<Result<IReadOnlyList<RecordTypeView>>> ListAsync(Caller caller, Guid? agencyId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var agency = agencyId ?? caller.AgencyId;
        if (!caller.MayRead(agency))
        {
            return Problem.Forbidden("Problem_AgencyForbidden");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var types = await db.RecordTypes.AsNoTracking().Where(t => t.AgencyId == agency).ToListAsync(cancellationToken);
        var keys = types.Where(t => t.ProcedureKey != null).Select(t => t.ProcedureKey!).Distinct().ToList();
        var counts = await db.Set<WorkflowCaseRecord>().AsNoTracking()
            .Where(c => c.AgencyId == agency && c.Status == CaseStatus.Completed && keys.Contains(c.DefinitionKey))
            .GroupBy(c => c.DefinitionKey).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, StringComparer.Ordinal, cancellationToken);
        var archived = await db.RecordArchives.AsNoTracking().Where(a => a.AgencyId == agency)
            .GroupBy(a => a.RecordTypeId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return Result.Ok<IReadOnlyList<RecordTypeView>>([.. types.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => View(t,
            t.ProcedureKey is { } key ? counts.GetValueOrDefault(key) : 0, archived.GetValueOrDefault(t.Id)))]);
    }

    public async Task<Result<RecordTypeDetails>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var type = await db.RecordTypes.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (type is null || !caller.MayRead(type.AgencyId))
        {
            return NotFound(id);
        }

        var cases = type.ProcedureKey is null
            ? []
            : await db.Set<WorkflowCaseRecord>().AsNoTracking()
                .Where(c => c.AgencyId == type.AgencyId && c.DefinitionKey == type.ProcedureKey && c.Status == CaseStatus.Completed && c.CompletedAt != null)
                .Select(c => new { c.Id, c.Code, CompletedAt = c.CompletedAt!.Value })
                .ToListAsync(cancellationToken);
        var caseIds = cases.Select(c => c.Id).ToList();
        var files = await db.CaseFiles.AsNoTracking().Where(f => caseIds.Contains(f.CaseId))
            .GroupBy(f => f.CaseId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var archives = await db.RecordArchives.AsNoTracking().Where(a => a.RecordTypeId == id)
            .ToDictionaryAsync(a => a.CaseId, cancellationToken);
        var now = clock.GetUtcNow();
        var records = cases.OrderByDescending(c => c.CompletedAt).Select(c =>
        {
            var ends = c.CompletedAt.AddYears(type.RetentionYears);
            var archive = archives.GetValueOrDefault(c.Id);
            var state = archive is not null ? RecordState.Archived : ends <= now ? RecordState.RetentionEnded : RecordState.Kept;
            return new RecordView(c.Id, c.Code, c.CompletedAt, files.GetValueOrDefault(c.Id), DateOnly.FromDateTime(caseClock.ToLocal(ends).DateTime),
                state, archive?.ArchivedAt, archive?.Destination);
        }).ToList();
        return new RecordTypeDetails(View(type, records.Count, archives.Count), records);
    }

    public async Task<Result<RecordTypeView>> CreateAsync(Caller caller, RecordTypeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (await RefuseAsync(caller, caller.AgencyId) is { } refused)
        {
            return refused;
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var name = request.Name!.Trim();
        if (await db.RecordTypes.AnyAsync(t => t.AgencyId == caller.AgencyId && t.Name == name, cancellationToken))
        {
            return Problem.Invalid("name", "Validation_RecordTypeNameTaken", name);
        }

        var now = clock.GetUtcNow();
        var type = new RecordType
        {
            Id = Guid.CreateVersion7(now),
            AgencyId = caller.AgencyId,
            Name = name,
            Location = string.Empty,
            Responsible = string.Empty,
            CreatedAt = now,
            CreatedById = caller.UserId,
            UpdatedAt = now,
            Revision = 1,
        };
        Apply(type, request);
        db.RecordTypes.Add(type);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Problem.Invalid("name", "Validation_RecordTypeNameTaken", name);
        }

        return View(type, 0, 0);
    }

    public async Task<Result<RecordTypeView>> UpdateAsync(Caller caller, Guid id, RecordTypeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var type = await db.RecordTypes.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (type is null || !caller.MayRead(type.AgencyId))
        {
            return NotFound(id);
        }

        if (await RefuseAsync(caller, type.AgencyId) is { } refused)
        {
            return refused;
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        if (request.Revision is { } revision && revision != type.Revision)
        {
            return Problem.Stale("Problem_RecordTypeChanged");
        }

        var name = request.Name!.Trim();
        if (name != type.Name && await db.RecordTypes.AnyAsync(t => t.AgencyId == type.AgencyId && t.Name == name && t.Id != id, cancellationToken))
        {
            return Problem.Invalid("name", "Validation_RecordTypeNameTaken", name);
        }

        type.Name = name;
        Apply(type, request);
        type.UpdatedAt = clock.GetUtcNow();
        type.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Stale("Problem_RecordTypeChanged");
        }
        catch (DbUpdateException)
        {
            return Problem.Invalid("name", "Validation_RecordTypeNameTaken", name);
        }

        return (await GetAsync(caller, id, cancellationToken)).Value.Type;
    }

    /// <summary>Whether the caller may change the register: a quality officer of the agency.</summary>
    public async Task<bool> MayEditAsync(Caller caller, Guid agencyId) =>
        await RefuseAsync(caller, agencyId) is null;

    private async Task<Problem?> RefuseAsync(Caller caller, Guid agencyId)
    {
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        return !caller.MayActIn(agencyId) || !await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments)
            ? Problem.Forbidden("Problem_RecordTypesForbidden")
            : null;
    }

    private static Problem? Validate(RecordTypeRequest request)
    {
        var validation = new Validation()
            .Required("name", request.Name, NameLength).Text("name", request.Name, NameLength)
            .Required("location", request.Location, NameLength).Text("location", request.Location, NameLength)
            .Required("responsible", request.Responsible, NameLength).Text("responsible", request.Responsible, NameLength)
            .Text("procedureKey", request.ProcedureKey, 100);
        if (request.RetentionYears is null or < 1 or > MaxRetentionYears)
        {
            validation.Add("retentionYears", "Validation_RetentionYears", 1, MaxRetentionYears);
        }

        return validation.Problem;
    }

    private static void Apply(RecordType type, RecordTypeRequest request)
    {
        type.ProcedureKey = Validation.IsBlank(request.ProcedureKey) ? null : request.ProcedureKey!.Trim();
        type.Location = request.Location!.Trim();
        type.RetentionYears = request.RetentionYears!.Value;
        type.Permanent = request.Permanent;
        type.Responsible = request.Responsible!.Trim();
    }

    private static RecordTypeView View(RecordType t, int records, int archived) =>
        new(t.Id, t.AgencyId, t.Name, t.ProcedureKey, t.Location, t.RetentionYears, t.Permanent, t.Responsible, t.Revision, records, archived);
}
