using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Procedures;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>The flow section of a procedure document: the step table of the published version of its procedure,
/// generated from the definition that runs (never typed), with the version it was read from.</summary>
public sealed record DocumentFlow(string ProcedureKey, string ProcedureName, int Version, bool IsTemplate, StepTableView Steps);

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
        return Result.Ok<IReadOnlyList<LinkableProcedure>>([.. running.Select(d => new LinkableProcedure(d.Key, d.Name, d.Version, d.OwnerAgencyId is null))]);
    }

    /// <summary>The procedure a document is tied to and its generated flow (null when untied or not running).</summary>
    public async Task<Result<DocumentFlowLink>> OfDocumentAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return DocumentAccess.NotFound(id);
        }

        return new DocumentFlowLink(document.ProcedureKey, await FlowAsync(db, document.AgencyId, document.ProcedureKey, cancellationToken));
    }

    internal static async Task<DocumentFlow?> FlowAsync(IsoDbContext db, Guid agencyId, string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var stored = (await RunningAsync(db, agencyId, key, cancellationToken)).FirstOrDefault();
        return stored is not null && StepTable.Read(stored.Json) is { } steps
            ? new DocumentFlow(stored.Key, stored.Name, stored.Version, stored.OwnerAgencyId is null, steps)
            : null;
    }

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
        if (key is not null && (await RunningAsync(db, document.AgencyId, key, cancellationToken)).Count == 0)
        {
            return Problem.Invalid("procedureKey", "Validation_ProcedureLinkUnknown", key);
        }

        document.ProcedureKey = key;
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok(await FlowAsync(db, document.AgencyId, key, cancellationToken));
    }

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
