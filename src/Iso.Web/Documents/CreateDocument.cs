using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>A new document of the caller's agency and its first draft. <see cref="Markdown"/> null starts from the
/// kind's template (a procedure gets its seven sections); <see cref="IssueNo"/> defaults to 1 (an agency entering a
/// document already in its third issue says 3).</summary>
public sealed record CreateDocumentRequest(
    DocumentKind? Kind,
    string? Code,
    string? Title,
    string? Markdown = null,
    int? IssueNo = null,
    string? ChangeSummary = null,
    string? ChangedSections = null,
    List<Guid>? Distribution = null,
    string? ExternalNumber = null,
    string? ExternalIssuer = null,
    DateOnly? ExternalEffectiveOn = null,
    string? ProcedureKey = null,
    int? ProcedureDraft = null)
{
    /// <summary>The draft's fields (a method, not a property: the request body has no such field).</summary>
    public DraftFields ToFields() => new(Title, Markdown, ChangeSummary, ChangedSections, Distribution, ExternalNumber, ExternalIssuer, ExternalEffectiveOn, ProcedureDraft);
}

/// <summary>Quality officers create documents in their own agency; the code is unique in the agency.</summary>
public sealed class CreateDocument(
    IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, TimeProvider clock, Microsoft.Extensions.Options.IOptions<DocumentOptions> options)
{
    public const string FirstIssueSummary = "Ban hành lần đầu";

    public async Task<Result<DocumentCreated>> HandleAsync(Caller caller, CreateDocumentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (document, version, problem) = await AddAsync(db, caller, request, cancellationToken);
        if (problem is not null || document is null || version is null)
        {
            return problem!;
        }

        return await SaveAsync(db, caller, document, version, cancellationToken);
    }

    /// <summary>Checks the request and adds the document and its first draft to <paramref name="db"/> without saving
    /// (the import adds its images to the same save).</summary>
    internal async Task<(Document? Document, DocumentVersion? Version, Problem? Problem)> AddAsync(
        IsoDbContext db, Caller caller, CreateDocumentRequest request, CancellationToken cancellationToken)
    {
        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return (null, null, Problem.Forbidden("Problem_AuthorDocumentsForbidden"));
        }

        var code = request.Code is null ? null : DocumentAccess.NormalizeCode(request.Code);
        var validation = new Validation().Required("code", code, 50);
        if (code is { Length: > 0 } && !DocumentAccess.IsValidCode(code))
        {
            validation.Add("code", "Validation_DocumentCode");
        }

        if (request.Kind is null)
        {
            validation.Add("kind", "Validation_Required");
        }

        if (request.IssueNo is < 1 or > 999)
        {
            validation.Add("issueNo", "Validation_Range", 1, 999);
        }

        var kind = request.Kind ?? DocumentKind.Procedure;
        validation.Check(request.ToFields(), kind, changeSummaryRequired: false);
        await validation.CheckDistributionAsync(db, caller.AgencyId, request.Distribution, cancellationToken);
        if (validation.Problem is { } invalid)
        {
            return (null, null, invalid);
        }

        // A procedure document may be written together with a new procedure: tied to its key, carrying its draft (ADR 0025).
        var procedureKey = kind == DocumentKind.Procedure && !Validation.IsBlank(request.ProcedureKey) ? request.ProcedureKey!.Trim() : null;
        if (procedureKey is not null
            && !await db.Set<Iso.Workflows.Persistence.StoredDefinition>().AnyAsync(
                d => d.Key == procedureKey && (d.OwnerAgencyId == caller.AgencyId || d.OwnerAgencyId == null), cancellationToken))
        {
            return (null, null, Problem.Invalid("procedureKey", "Validation_ProcedureLinkUnknown", procedureKey));
        }

        var (carried, notCarried) = await DocumentProcedures.ResolveDraftAsync(db, caller.AgencyId, kind, procedureKey, request.ProcedureDraft, cancellationToken);
        if (notCarried is not null)
        {
            return (null, null, notCarried);
        }

        if (await db.Documents.AnyAsync(d => d.AgencyId == caller.AgencyId && d.Code == code, cancellationToken))
        {
            return (null, null, Problem.Invalid("code", "Validation_DocumentCodeTaken", code));
        }

        var now = clock.GetUtcNow();
        var document = new Document
        {
            Id = Guid.CreateVersion7(now),
            AgencyId = caller.AgencyId,
            Code = code!,
            Kind = kind,
            Title = request.Title!.Trim().Normalize(System.Text.NormalizationForm.FormC),
            AcknowledgeWithinDays = options.Value.AcknowledgeWithinDays,
            CreatedAt = now,
            CreatedById = caller.UserId,
            ProcedureKey = procedureKey,
        };
        var version = new DocumentVersion
        {
            Id = Guid.CreateVersion7(now),
            DocumentId = document.Id,
            AgencyId = caller.AgencyId,
            Sequence = 1,
            IssueNo = request.IssueNo ?? 1,
            RevisionNo = 0,
            Title = document.Title,
            Markdown = string.Empty,
            ChangeSummary = FirstIssueSummary,
            Status = DocumentVersionStatus.Draft,
            AuthorId = caller.UserId,
            CreatedAt = now,
            UpdatedAt = now,
            Revision = 1,
            ProcedureDefinitionId = carried,
        };
        (request.ToFields() with { Markdown = request.Markdown ?? DocumentTemplates.For(kind) }).CopyTo(version, kind);
        document.Versions.Add(version);
        db.Documents.Add(document);
        return (document, version, null);
    }

    /// <summary>Saves what <see cref="AddAsync"/> added (and anything added with it), in one transaction.</summary>
    internal async Task<Result<DocumentCreated>> SaveAsync(IsoDbContext db, Caller caller, Document document, DocumentVersion version, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone created the same code between the check and the insert: the unique index said no.
            if (await CodeTakenAsync(caller.AgencyId, document.Code, cancellationToken))
            {
                return Problem.Invalid("code", "Validation_DocumentCodeTaken", document.Code);
            }

            throw;
        }

        return new DocumentCreated(document.Id, version.Id, DocumentETag.Of(version));
    }

    private async Task<bool> CodeTakenAsync(Guid agencyId, string code, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Documents.AnyAsync(d => d.AgencyId == agencyId && d.Code == code, cancellationToken);
    }
}
