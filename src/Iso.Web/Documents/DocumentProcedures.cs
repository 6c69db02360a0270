using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Procedures;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>The flow section of a procedure document: the step table (and flowchart) of a version of its procedure,
/// generated from the definition (never typed), with the version it was read from. <see cref="IsDraft"/>: the procedure
/// draft a document draft carries, not yet published (ADR 0025).</summary>
public sealed record DocumentFlow(string ProcedureKey, string ProcedureName, int Version, bool IsTemplate, StepTableView Steps, bool IsDraft = false)
{
    /// <summary>The definition's flowchart graph (for the page; not part of the API's answer).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public FlowchartGraph? Graph { get; init; }

    /// <summary>The flowchart's hand-placed node positions (ADR 0018).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, FlowPoint>? Layout { get; init; }

    /// <summary>Whether the document was approved with this version (it names it), rather than showing what runs now.</summary>
    public bool IsApprovedWith { get; init; }
}

/// <summary>A procedure draft of the agency a procedure document's draft may carry (ADR 0025).</summary>
public sealed record ProcedureDraftOption(int Version, string Name, DateTimeOffset CreatedAt);

/// <summary>A procedure the agency runs (published), which a procedure document may be tied to.</summary>
public sealed record LinkableProcedure(string Key, string Name, int Version, bool IsTemplate);

public sealed record LinkProcedureRequest(string? ProcedureKey);

/// <summary>The procedure key a document is tied to, and the flow read from its running version.</summary>
public sealed record DocumentFlowLink(string? ProcedureKey, DocumentFlow? Flow);

/// <summary>
/// Ties a procedure document to a procedure (workflow key) of its agency, and reads its flow: the step table of the
/// version that runs, resolved as the engine resolves it (the agency's own published version, else the template for a
/// key the agency never published). Tying is a quality officer's change of the document (recorded in the history).
/// </summary>
public sealed class DocumentProcedures(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization)
{
    public async Task<Result<IReadOnlyList<LinkableProcedure>>> LinkableAsync(Caller caller, Guid agencyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.MayRead(agencyId))
        {
            return Problem.NotFound("Problem_AgencyNotFound", agencyId.ToString());
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var running = await RunningAsync(db, agencyId, null, cancellationToken);
        var runningKeys = running.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);

        // A new procedure, not published yet, is written with its document (ADR 0025): its draft is offered too.
        var drafts = (await db.Set<StoredDefinition>().AsNoTracking()
                .Where(d => d.OwnerAgencyId == agencyId && d.Status == DefinitionStatus.Draft)
                .Select(d => new { d.Key, d.Name, d.Version }).ToListAsync(cancellationToken))
            .Where(d => !runningKeys.Contains(d.Key))
            .GroupBy(d => d.Key, StringComparer.Ordinal)
            .Select(g => g.MaxBy(d => d.Version)!)
            .Select(d => new LinkableProcedure(d.Key, d.Name, d.Version, false));
        return Result.Ok<IReadOnlyList<LinkableProcedure>>([.. running.Select(d => new LinkableProcedure(d.Key, d.Name, d.Version, d.OwnerAgencyId is null)).Concat(drafts).OrderBy(p => p.Key, StringComparer.Ordinal)]);
    }

    /// <summary>The procedure a document is tied to and its generated flow (null when untied or not running).</summary>
    public async Task<Result<DocumentFlowLink>> OfDocumentAsync(Caller caller, Guid id, CancellationToken cancellationToken = default) =>
        await OfDocumentAsync(caller, id, versionId: null, cancellationToken);

    /// <summary>The flow of one version of the document: the workflow version it carries (a draft) or was approved with,
    /// else the version that runs.</summary>
    public async Task<Result<DocumentFlowLink>> OfDocumentAsync(Caller caller, Guid id, Guid? versionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return DocumentAccess.NotFound(id);
        }

        var carried = versionId is { } vid
            ? await db.DocumentVersions.AsNoTracking().Where(v => v.Id == vid && v.DocumentId == id).Select(v => v.ProcedureDefinitionId).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new DocumentFlowLink(document.ProcedureKey, await FlowAsync(db, document.AgencyId, document.ProcedureKey, carried, cancellationToken));
    }

    /// <summary>The agency's drafts of the procedure the document is tied to, newest first (what its draft may carry).</summary>
    public async Task<Result<IReadOnlyList<ProcedureDraftOption>>> DraftsAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return DocumentAccess.NotFound(id);
        }

        if (document.Kind != DocumentKind.Procedure || string.IsNullOrEmpty(document.ProcedureKey))
        {
            return Result.Ok<IReadOnlyList<ProcedureDraftOption>>([]);
        }

        var drafts = await db.Set<StoredDefinition>().AsNoTracking()
            .Where(d => d.OwnerAgencyId == document.AgencyId && d.Key == document.ProcedureKey && d.Status == DefinitionStatus.Draft)
            .OrderByDescending(d => d.Version)
            .Select(d => new ProcedureDraftOption(d.Version, d.Name, d.CreatedAt))
            .ToListAsync(cancellationToken);
        return Result.Ok<IReadOnlyList<ProcedureDraftOption>>(drafts);
    }

    /// <summary>The stored id of the agency's draft <paramref name="version"/> of <paramref name="key"/>, for a document
    /// draft to carry (null version: none); a problem on <c>procedureDraft</c> when it is not such a draft.</summary>
    internal static async Task<(Guid? Id, Problem? Problem)> ResolveDraftAsync(
        IsoDbContext db, Guid agencyId, DocumentKind kind, string? key, int? version, CancellationToken cancellationToken)
    {
        if (version is not { } number)
        {
            return (null, null);
        }

        if (kind != DocumentKind.Procedure || string.IsNullOrEmpty(key))
        {
            return (null, Problem.Invalid(DraftField, "Validation_ProcedureDraftNoProcedure"));
        }

        var stored = await db.Set<StoredDefinition>().AsNoTracking()
            .Where(d => d.OwnerAgencyId == agencyId && d.Key == key && d.Version == number)
            .Select(d => new { d.Id, d.Status })
            .SingleOrDefaultAsync(cancellationToken);
        return stored switch
        {
            null => (null, Problem.Invalid(DraftField, "Validation_ProcedureDraftUnknown", key, number)),
            { Status: not DefinitionStatus.Draft } => (null, Problem.Invalid(DraftField, "Validation_ProcedureDraftNotDraft", key, number, ProcedureData.StatusName(stored.Status))),
            _ => (stored.Id, null),
        };
    }

    /// <summary>The JSON field naming the procedure draft (its version number) on create and update of a document draft.</summary>
    public const string DraftField = "procedureDraft";

    /// <summary>Why the procedure draft a document version carries cannot be published with it now (null: it can): it is
    /// gone, no longer a draft of the agency, or the validator finds errors (ADR 0025). Checked at submission and approval.</summary>
    internal static async Task<Problem?> CarriedDraftProblemAsync(
        IsoDbContext db, DefinitionChecker checker, DateOnly today, Document document, DocumentVersion version, CancellationToken cancellationToken)
    {
        if (version.ProcedureDefinitionId is not { } definitionId)
        {
            return null;
        }

        var stored = await db.Set<StoredDefinition>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == definitionId, cancellationToken);
        if (stored is null || stored.OwnerAgencyId != document.AgencyId)
        {
            return Problem.Conflict("Problem_DocumentProcedureDraftGone", document.Code, document.ProcedureKey ?? "?");
        }

        if (stored.Status != DefinitionStatus.Draft)
        {
            return Problem.Conflict("Problem_DocumentProcedureDraftState", document.Code, stored.Key, stored.Version, ProcedureData.StatusName(stored.Status));
        }

        var report = await ProcedurePublishing.CheckAsync(db, checker, today, stored, cancellationToken);
        if (report.IsValid)
        {
            return null;
        }

        var first = string.Join(" ", report.Errors.Take(3).Select(e => e.Message));
        return Problem.Conflict("Problem_DocumentProcedureDraftInvalid", document.Code, stored.Key, stored.Version, report.Errors.Count, first);
    }

    /// <summary>The code of the document whose version under review carries this procedure version, if any: while it is,
    /// the procedure is published by approving the document, not directly (ADR 0025).</summary>
    internal static Task<string?> CarryingDocumentAsync(IsoDbContext db, Guid definitionId, CancellationToken cancellationToken) =>
        db.DocumentVersions.AsNoTracking()
            .Where(v => v.ProcedureDefinitionId == definitionId && v.Status == DocumentVersionStatus.InReview)
            .Join(db.Documents, v => v.DocumentId, d => d.Id, (v, d) => d.Code)
            .FirstOrDefaultAsync(cancellationToken);

    internal static Task<DocumentFlow?> FlowAsync(IsoDbContext db, Guid agencyId, string? key, CancellationToken cancellationToken) =>
        FlowAsync(db, agencyId, key, null, cancellationToken);

    /// <summary>The flow of a version: the definition it carries or was approved with (<paramref name="definitionId"/>),
    /// else the version of <paramref name="key"/> that runs for the agency.</summary>
    internal static async Task<DocumentFlow?> FlowAsync(IsoDbContext db, Guid agencyId, string? key, Guid? definitionId, CancellationToken cancellationToken)
    {
        if (definitionId is { } named
            && await db.Set<StoredDefinition>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == named && d.OwnerAgencyId == agencyId, cancellationToken) is { } carried)
        {
            return await FlowAsync(db, carried, cancellationToken);
        }

        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var stored = (await RunningAsync(db, agencyId, key, cancellationToken)).FirstOrDefault();
        return stored is null ? null : await FlowAsync(db, stored, cancellationToken, named: false);
    }

    private static async Task<DocumentFlow?> FlowAsync(IsoDbContext db, StoredDefinition stored, CancellationToken cancellationToken, bool named = true) =>
        StepTable.Read(stored.Json) is { } steps
            ? new DocumentFlow(stored.Key, stored.Name, stored.Version, stored.OwnerAgencyId is null, steps,
                IsDraft: stored.Status is DefinitionStatus.Draft or DefinitionStatus.Submitted)
            {
                Graph = FlowchartGraph.FromJson(stored.Json),
                Layout = await ProcedureLayoutData.ReadAsync(db, stored.Id, cancellationToken),
                IsApprovedWith = named && stored.Status is DefinitionStatus.Published or DefinitionStatus.Retired,
            }
            : null;

    public async Task<Result<DocumentFlow?>> LinkAsync(Caller caller, Guid id, LinkProcedureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return DocumentAccess.NotFound(id);
        }

        if (!caller.MayActIn(document.AgencyId))
        {
            return Problem.Forbidden("Problem_DocumentOfAnotherAgency");
        }

        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_AuthorDocumentsForbidden");
        }

        if (document.Kind != DocumentKind.Procedure)
        {
            return Problem.Invalid("procedureKey", "Validation_ProcedureLinkKind");
        }

        var key = Validation.IsBlank(request.ProcedureKey) ? null : request.ProcedureKey!.Trim();
        if (key is not null && !await LinkableKeyAsync(db, document.AgencyId, key, cancellationToken))
        {
            return Problem.Invalid("procedureKey", "Validation_ProcedureLinkUnknown", key);
        }

        document.ProcedureKey = key;

        // A draft carrying a version of the procedure it is no longer tied to carries nothing.
        var draft = await db.DocumentVersions.SingleOrDefaultAsync(v => v.DocumentId == id && v.Status == DocumentVersionStatus.Draft, cancellationToken);
        if (draft?.ProcedureDefinitionId is { } carriedId
            && !await db.Set<StoredDefinition>().AnyAsync(d => d.Id == carriedId && d.Key == key, cancellationToken))
        {
            draft.ProcedureDefinitionId = null;
            draft.Revision++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok(await FlowAsync(db, document.AgencyId, key, cancellationToken));
    }

    /// <summary>A key that runs for the agency, or of which the agency has a draft (a new procedure written with its document).</summary>
    private static async Task<bool> LinkableKeyAsync(IsoDbContext db, Guid agencyId, string key, CancellationToken cancellationToken) =>
        (await RunningAsync(db, agencyId, key, cancellationToken)).Count > 0
        || await db.Set<StoredDefinition>().AnyAsync(d => d.OwnerAgencyId == agencyId && d.Key == key && d.Status == DefinitionStatus.Draft, cancellationToken);

    /// <summary>The published definitions that run for the agency (optionally of one key): its own, and templates of
    /// keys it has never published or retired.</summary>
    private static async Task<List<StoredDefinition>> RunningAsync(IsoDbContext db, Guid agencyId, string? key, CancellationToken cancellationToken)
    {
        var definitions = db.Set<StoredDefinition>().AsNoTracking().Where(d => key == null || d.Key == key);
        var published = await definitions
            .Where(d => (d.OwnerAgencyId == agencyId || d.OwnerAgencyId == null) && d.Status == DefinitionStatus.Published)
            .ToListAsync(cancellationToken);
        var ownKeys = (await definitions
                .Where(d => d.OwnerAgencyId == agencyId && (d.Status == DefinitionStatus.Published || d.Status == DefinitionStatus.Retired))
                .Select(d => d.Key).Distinct().ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        return [.. published.Where(d => d.OwnerAgencyId == agencyId || !ownKeys.Contains(d.Key)).OrderBy(d => d.Key, StringComparer.Ordinal)];
    }
}
