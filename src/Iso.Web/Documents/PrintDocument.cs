using System.Text.Json.Serialization;
using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>What a printed copy says of itself, on every page.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CopyMark>))]
public enum CopyMark
{
    /// <summary>BẢN KIỂM SOÁT số BS-nn: a valid controlled copy, printed for its holder.</summary>
    Controlled,

    /// <summary>BẢN KHÔNG KIỂM SOÁT — in ngày dd/MM/yyyy: any other print.</summary>
    Uncontrolled,
}

/// <summary>Asks for a print of a version (the one in force unless <see cref="VersionId"/> says otherwise) or of a
/// controlled copy (<see cref="CopyNumber"/>: its own version, for the quality officers who issue copies).</summary>
public sealed record PrintDocumentRequest(Guid? VersionId = null, int? CopyNumber = null);

/// <summary>Everything the A4 print view shows: the document with the version, its sanitised HTML, the mark of the copy
/// (controlled with its number and holder, or uncontrolled with the print date), the copies listed on the document,
/// and the generated flow of a procedure.</summary>
public sealed record DocumentPrint(
    DocumentDetails Details,
    string Html,
    CopyMark Mark,
    string? CopyNo,
    string? HolderName,
    DateOnly PrintedOn,
    IReadOnlyList<DocumentCopyView> Copies,
    DocumentFlow? Flow)
{
    /// <summary>The version is no longer in force (superseded or obsolete): marked on every page.</summary>
    public bool NotInForce => Details.VersionStatus is DocumentVersionStatus.Superseded or DocumentVersionStatus.Obsolete;

    /// <summary>Not issued yet (a draft or under review): marked on every page.</summary>
    public bool IsDraft => Details.VersionStatus is DocumentVersionStatus.Draft or DocumentVersionStatus.InReview;
}

/// <summary>
/// The print of a document version. A controlled copy prints only while it is valid and only as the version it was
/// issued of; every other print is an uncontrolled copy stamped with the day it was printed (local date), and a
/// version no longer in force carries its status on every page, so a stale paper copy cannot pass for the text in force.
/// </summary>
public sealed class PrintDocument(
    IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, GetDocument documents, DocumentRendering rendering, CaseClock clock)
{
    public async Task<Result<DocumentPrint>> HandleAsync(Caller caller, Guid id, PrintDocumentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return DocumentAccess.NotFound(id);
        }

        var copies = await DocumentCopies.ViewsAsync(db, id, cancellationToken);
        var versionId = request.VersionId;
        DocumentCopyView? copy = null;
        if (request.CopyNumber is { } number)
        {
            if (!caller.MayActIn(document.AgencyId) || !await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
            {
                return Problem.Forbidden("Problem_CopiesForbidden");
            }

            copy = copies.FirstOrDefault(c => c.Number == number);
            if (copy is null)
            {
                return Problem.NotFound("Problem_CopyNotFound", DocumentCopy.Format(number));
            }

            if (!copy.IsValid)
            {
                return Problem.Conflict("Problem_CopyRecalled", copy.CopyNo);
            }

            if (versionId is { } asked && asked != copy.VersionId)
            {
                return Problem.Invalid("versionId", "Validation_CopyVersion", copy.CopyNo);
            }

            versionId = copy.VersionId;
        }

        var details = await documents.HandleAsync(caller, id, versionId, cancellationToken);
        if (details.Problem is { } problem)
        {
            return problem;
        }

        var rendered = await rendering.RenderVersionAsync(caller, id, details.Value.VersionId, cancellationToken);
        if (rendered.Problem is { } renderProblem)
        {
            return renderProblem;
        }

        var flow = document.Kind == DocumentKind.Procedure ? await DocumentProcedures.FlowAsync(db, document.AgencyId, document.ProcedureKey,
                await db.DocumentVersions.AsNoTracking().Where(v => v.Id == details.Value.VersionId).Select(v => v.ProcedureDefinitionId).SingleOrDefaultAsync(cancellationToken),
                cancellationToken) : null;
        var printedOn = DateOnly.FromDateTime(clock.ToLocal(clock.Now).DateTime);
        return new DocumentPrint(
            details.Value,
            rendered.Value.Html,
            copy is null ? CopyMark.Uncontrolled : CopyMark.Controlled,
            copy?.CopyNo,
            copy?.HolderName,
            printedOn,
            copies,
            flow);
    }
}
