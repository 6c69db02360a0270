using System.Text.Json;
using System.Text.Json.Nodes;
using Iso.Data;
using Iso.Data.Procedures;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Procedures;

/// <summary>A new draft of the caller's agency. Exactly one source: <see cref="Template"/> (adopt it, mapping its unit codes
/// and roles onto the agency's), <see cref="CopyOf"/> + <see cref="CopyOfVersion"/> (duplicate a procedure, or start the next
/// draft of the same one when <see cref="Key"/> is the same), or <see cref="Definition"/> (a procedure written from scratch).
/// <see cref="Key"/> defaults to the template's or the copied procedure's key.</summary>
public sealed record CreateProcedureRequest(
    string? Template = null,
    string? Key = null,
    string? Name = null,
    Dictionary<string, string>? UnitCodes = null,
    Dictionary<string, string>? Roles = null,
    string? CopyOf = null,
    int? CopyOfVersion = null,
    JsonObject? Definition = null);

/// <summary>Writing an agency's procedures: quality officers (Thư ký ISO) create drafts in their own agency and edit them.
/// Drafts may hold problems (they are saved and shown); only a draft without errors can be submitted.</summary>
public sealed class ProcedureAuthoring(
    IDbContextFactory<IsoDbContext> contexts,
    IAuthorizationService authorization,
    ProcedureCatalogue catalogue,
    DefinitionChecker checker,
    TimeProvider clock,
    AgencyTime agencyTime)
{
    /// <summary>The longest definition text accepted (a 40-step procedure is about 40 000 characters).</summary>
    public const int MaxDefinitionLength = 1_000_000;

    private static readonly string[] RoleNames = ["Administrator", "QualityOfficer", "Leader", "Staff", "Auditor"];

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<Result<ProcedureVersionDetails>> CreateAsync(Caller caller, CreateProcedureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_ProcedureAuthorOnly");
        }

        var sources = (request.Template is not null ? 1 : 0) + (request.CopyOf is not null ? 1 : 0) + (request.Definition is not null ? 1 : 0);
        var validation = new Validation()
            .Text("template", request.Template, TextLimits.Code)
            .Text("key", request.Key, TextLimits.Code)
            .Text("name", request.Name, 400)
            .Text("copyOf", request.CopyOf, TextLimits.Code)
            .MaxCount("unitCodes", request.UnitCodes?.Count ?? 0, TextLimits.Entries)
            .MaxCount("roles", request.Roles?.Count ?? 0, TextLimits.Entries);
        if (sources != 1)
        {
            validation.Add("template", "Validation_ProcedureOneSource");
        }

        if (request.Key is { } wantedKey && !WorkflowDefinitionLoader.KeyPatternPublic.IsMatch(wantedKey.Trim()))
        {
            validation.Add("key", "Validation_ProcedureKey");
        }

        if (request.CopyOf is not null && request.CopyOfVersion is null)
        {
            validation.Add("copyOfVersion", "Validation_Required");
        }

        foreach (var (from, to) in request.Roles ?? [])
        {
            if (!RoleNames.Contains(to, StringComparer.Ordinal))
            {
                validation.Add($"roles.{from}", "Validation_ProcedureRole", string.Join(", ", RoleNames));
            }
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var today = agencyTime.Today;
        var units = await ProcedureCatalogue.ActiveUnitsAsync(db, caller.AgencyId, today, cancellationToken);
        foreach (var (from, to) in request.UnitCodes ?? [])
        {
            if (!units.Any(u => u.Code == to))
            {
                validation.Add($"unitCodes.{from}", "Validation_ProcedureUnitUnknown", to);
            }
        }

        if (validation.Problem is { } badUnits)
        {
            return badUnits;
        }

        string json;
        string key;
        string? sourceKey = null;
        int? sourceVersion = null;
        string kind;
        string? note = null;
        Guid? copiedId = null;
        if (request.Template is { } templateKey)
        {
            var template = await db.Set<StoredDefinition>().AsNoTracking()
                .Where(d => d.OwnerAgencyId == null && d.Key == templateKey.Trim() && d.Status == DefinitionStatus.Published)
                .OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
            if (template is null)
            {
                return Problem.NotFound("Problem_TemplateNotFound", templateKey);
            }

            key = request.Key?.Trim() ?? template.Key;
            json = WorkflowDefinitionService.Adapt(template.Json, new DefinitionAdaptation(request.UnitCodes, request.Roles), 1);
            (sourceKey, sourceVersion, kind) = (template.Key, template.Version, ProcedureEventKinds.Adopted);
            note = $"{template.Key} v{template.Version}";
        }
        else if (request.CopyOf is { } copyKey)
        {
            var copied = await ProcedureData.Versions(db, caller.AgencyId, copyKey.Trim()).AsNoTracking()
                .SingleOrDefaultAsync(d => d.Version == request.CopyOfVersion, cancellationToken);
            if (copied is null)
            {
                return Problem.NotFound("Problem_ProcedureVersionNotFound", copyKey, request.CopyOfVersion);
            }

            key = request.Key?.Trim() ?? copied.Key;
            json = copied.Json;
            copiedId = copied.Id;
            (sourceKey, sourceVersion) = (copied.SourceKey ?? copied.Key, copied.SourceVersion ?? copied.Version);
            kind = key == copied.Key ? ProcedureEventKinds.Created : ProcedureEventKinds.Duplicated;
            note = $"{copied.Key} v{copied.Version}";
        }
        else
        {
            json = request.Definition!.ToJsonString(WriteOptions);
            var keyInText = request.Definition["key"] is JsonValue k && k.TryGetValue<string>(out var text) ? text : null;
            key = request.Key?.Trim() ?? keyInText ?? string.Empty;
            if (!WorkflowDefinitionLoader.KeyPatternPublic.IsMatch(key))
            {
                return Problem.Invalid("key", "Validation_ProcedureKey");
            }

            kind = ProcedureEventKinds.Created;
        }

        var existing = await ProcedureData.Versions(db, caller.AgencyId, key).AsNoTracking()
            .Select(d => new { d.Version, d.Status })
            .ToListAsync(cancellationToken);
        if (existing.FirstOrDefault(d => d.Status is DefinitionStatus.Draft or DefinitionStatus.Submitted) is { } open)
        {
            return Problem.Conflict("Problem_ProcedureDraftExists", key, open.Version);
        }

        // A new key must be new; the same key gets its next version (re-adopting a template, or the next draft of a procedure).
        var sameProcedure = (request.CopyOf is not null && key == request.CopyOf.Trim()) || request.Template is not null;
        if (existing.Count > 0 && !sameProcedure)
        {
            return Problem.Conflict("Problem_ProcedureKeyInUse", key);
        }

        var version = existing.Count == 0 ? 1 : existing.Max(d => d.Version) + 1;
        json = Rewrite(json, key, version, request.Name);
        var now = clock.GetUtcNow();
        var stored = new StoredDefinition
        {
            Id = Guid.CreateVersion7(now),
            OwnerAgencyId = caller.AgencyId,
            Key = key,
            Version = version,
            Name = NameOf(json) ?? request.Name ?? key,
            Status = DefinitionStatus.Draft,
            Json = json,
            SourceKey = sourceKey,
            SourceVersion = sourceVersion,
            CreatedAt = now,
            Revision = 1,
        };
        db.Add(stored);
        if (request.CopyOf is not null && copiedId is { } fromId
            && await db.ProcedureLayouts.AsNoTracking().Where(l => l.DefinitionId == fromId).Select(l => l.Positions).SingleOrDefaultAsync(cancellationToken) is { } positions)
        {
            db.ProcedureLayouts.Add(new ProcedureLayout { DefinitionId = stored.Id, Positions = positions, UpdatedAt = now, UpdatedBy = caller.UserId });
        }

        db.ProcedureEvents.Add(Event(caller, stored, kind, now, note));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone created the same version at the same moment (unique owner, key, version).
            return Problem.Conflict("Problem_ProcedureDraftExists", key, version);
        }

        return await catalogue.DetailsAsync(db, caller, new AgencyRef(caller.AgencyId, await AgencyCodeAsync(db, caller, cancellationToken), string.Empty), stored, cancellationToken);
    }

    /// <summary>Saves a draft's text. <paramref name="expectedRevision"/> is the revision (ETag) the editor started from:
    /// when someone saved in between, nothing is stored and the caller is told (412). Problems do not prevent saving.</summary>
    public async Task<Result<ProcedureVersionDetails>> SaveDraftAsync(
        Caller caller, string key, int version, string? json, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_ProcedureAuthorOnly");
        }

        if (expectedRevision is null)
        {
            return Problem.Of(ProblemKind.PreconditionRequired, new Message("Problem_ProcedureIfMatchRequired"));
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            return Problem.Invalid("definition", "Validation_Required");
        }

        if (json.Length > MaxDefinitionLength)
        {
            return Problem.Invalid("definition", "Validation_TooLong", MaxDefinitionLength, json.Length);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await ProcedureData.Versions(db, caller.AgencyId, key).SingleOrDefaultAsync(d => d.Version == version, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound("Problem_ProcedureVersionNotFound", key, version);
        }

        if (stored.Status != DefinitionStatus.Draft)
        {
            return Problem.Conflict("Problem_ProcedureNotDraft", key, version, ProcedureData.StatusName(stored.Status));
        }

        if (stored.Revision != expectedRevision)
        {
            return Problem.Stale("Problem_ProcedureStale", key, version, stored.Revision);
        }

        // Reviewers of a document read the flow it carries: that flow does not change under them (ADR 0025).
        if (await Documents.DocumentProcedures.CarryingDocumentAsync(db, stored.Id, cancellationToken) is { } carrier)
        {
            return Problem.Conflict("Problem_ProcedureCarriedByDocument", key, version, carrier);
        }

        string text;
        try
        {
            text = Rewrite(json, key, version, name: null);
        }
        catch (JsonException bad)
        {
            return Problem.Invalid(new Dictionary<string, IReadOnlyList<Message>>
            {
                ["definition"] = [new Message("Validation_ProcedureMalformed", (bad.LineNumber ?? 0) + 1, (bad.BytePositionInLine ?? 0) + 1)],
            });
        }
        catch (InvalidOperationException)
        {
            return Problem.Invalid("definition", "Validation_ProcedureDefinitionObject");
        }

        var now = clock.GetUtcNow();
        stored.Json = text;
        stored.Name = NameOf(text) ?? stored.Name;
        db.Entry(stored).Property(d => d.Revision).OriginalValue = expectedRevision.Value;
        stored.Revision = expectedRevision.Value + 1;
        db.ProcedureEvents.Add(Event(caller, stored, ProcedureEventKinds.Saved, now, null));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Stale("Problem_ProcedureStale", key, version, expectedRevision.Value + 1);
        }

        return await catalogue.DetailsAsync(db, caller, new AgencyRef(caller.AgencyId, await AgencyCodeAsync(db, caller, cancellationToken), string.Empty), stored, cancellationToken);
    }

    /// <summary>Keeps the flowchart positions the officer arranged by hand for a draft (node id → centre; an empty set
    /// returns the chart to the automatic layout). The layout is a picture of the definition, not part of it: saving it
    /// neither moves the draft's revision nor needs it, so a drag never makes another officer's save stale.</summary>
    public async Task<Result<IReadOnlyDictionary<string, FlowPoint>>> SaveLayoutAsync(
        Caller caller, string key, int version, IReadOnlyDictionary<string, FlowPoint> positions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_ProcedureAuthorOnly");
        }

        var validation = new Validation().MaxCount("positions", positions.Count, ProcedureLayoutData.MaxNodes);
        foreach (var (id, point) in positions)
        {
            if (string.IsNullOrWhiteSpace(id) || id.Length > TextLimits.Code)
            {
                validation.Add("positions", "Validation_ProcedureLayoutId");
            }
            else if (!double.IsFinite(point.X) || !double.IsFinite(point.Y) || Math.Abs(point.X) > ProcedureLayoutData.MaxCoordinate || Math.Abs(point.Y) > ProcedureLayoutData.MaxCoordinate)
            {
                validation.Add($"positions.{id}", "Validation_ProcedureLayoutPoint");
            }
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await ProcedureData.Versions(db, caller.AgencyId, key).AsNoTracking()
            .Select(d => new { d.Id, d.Version, d.Status }).SingleOrDefaultAsync(d => d.Version == version, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound("Problem_ProcedureVersionNotFound", key, version);
        }

        if (stored.Status != DefinitionStatus.Draft)
        {
            return Problem.Conflict("Problem_ProcedureNotDraft", key, version, ProcedureData.StatusName(stored.Status));
        }

        var text = ProcedureLayoutData.Write(positions);
        var row = await db.ProcedureLayouts.SingleOrDefaultAsync(l => l.DefinitionId == stored.Id, cancellationToken);
        if (row is null)
        {
            db.ProcedureLayouts.Add(new ProcedureLayout { DefinitionId = stored.Id, Positions = text, UpdatedAt = clock.GetUtcNow(), UpdatedBy = caller.UserId });
        }
        else
        {
            row.Positions = text;
            row.UpdatedAt = clock.GetUtcNow();
            row.UpdatedBy = caller.UserId;
        }

        await db.SaveChangesAsync(cancellationToken);
        return ProcedureLayoutData.Parse(text);
    }

    /// <summary>The problems of <paramref name="json"/>, or of the stored version when it is null: schema and validator,
    /// and the units the agency does not have today.</summary>
    public async Task<Result<ValidationReport>> ValidateAsync(
        Caller caller, string? agencyCode, string key, int version, string? json, CancellationToken cancellationToken = default)
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

        if (json is { Length: > MaxDefinitionLength })
        {
            return Problem.Invalid("definition", "Validation_TooLong", MaxDefinitionLength, json.Length);
        }

        var text = string.IsNullOrWhiteSpace(json) ? stored.Json : json;
        var today = agencyTime.Today;
        var units = await ProcedureCatalogue.ActiveUnitsAsync(db, agency.Id, today, cancellationToken);
        return ValidationReport.Of(checker.Check(text).Concat(checker.CheckUnits(text, units, today)));
    }

    internal static ProcedureEvent Event(Caller caller, StoredDefinition stored, string kind, DateTimeOffset at, string? comment) => new()
    {
        AgencyId = stored.OwnerAgencyId!.Value,
        DefinitionId = stored.Id,
        Key = stored.Key,
        Version = stored.Version,
        Kind = kind,
        UserId = caller.UserId,
        UserName = caller.UserName,
        At = at,
        Comment = comment,
    };

    private static async Task<string> AgencyCodeAsync(IsoDbContext db, Caller caller, CancellationToken cancellationToken) =>
        await db.Agencies.AsNoTracking().Where(a => a.Id == caller.AgencyId).Select(a => a.Code).SingleAsync(cancellationToken);

    /// <summary>The text with the stored key and version (the address is what counts); untouched when they already match,
    /// so an officer's formatting survives. Throws <see cref="JsonException"/> for malformed text.</summary>
    private static string Rewrite(string json, string key, int version, string? name)
    {
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
            ?? throw new InvalidOperationException("A definition is a JSON object.");
        var keyMatches = root["key"] is JsonValue k && k.TryGetValue<string>(out var current) && current == key;
        var versionMatches = root["version"] is JsonValue v && v.TryGetValue<int>(out var n) && n == version;
        if (keyMatches && versionMatches && string.IsNullOrWhiteSpace(name))
        {
            return json;
        }

        root["key"] = key;
        root["version"] = version;
        if (!string.IsNullOrWhiteSpace(name))
        {
            root["name"] = name.Trim();
        }

        return root.ToJsonString(WriteOptions);
    }

    private static string? NameOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("name", out var name)
                && name.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(name.GetString())
                ? name.GetString()!.Trim()[..Math.Min(400, name.GetString()!.Trim().Length)]
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
