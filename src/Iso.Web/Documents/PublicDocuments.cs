using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Documents.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>A document on an agency's public page: what is in force, as provinces publish it.</summary>
public sealed record PublicDocumentSummary(string Code, DocumentKind Kind, string Title, int IssueNo, int RevisionNo, DateOnly? EffectiveOn);

public sealed record PublicAgencyDocuments(string AgencyCode, string AgencyName, IReadOnlyList<PublicDocumentSummary> Documents);

/// <summary>One document in force for the public: the ISO header with the signature block (printed names and dates, as
/// the agencies publish their signed procedures), the change table, the sanitised HTML and, for a procedure, its
/// generated step table.</summary>
public sealed record PublicDocumentView(
    string AgencyCode,
    string AgencyName,
    string Code,
    DocumentKind Kind,
    string Title,
    int IssueNo,
    int RevisionNo,
    DateOnly? EffectiveOn,
    IReadOnlyList<DocumentSignature> Signatures,
    IReadOnlyList<DocumentChangeRow> Changes,
    string Html,
    DocumentFlow? Flow);

/// <summary>
/// The anonymous portal (cổng công khai) of an agency: its quality policy, quality objectives and procedures in force,
/// nothing else (no drafts, no superseded versions, no other kinds, no copies or distribution). Cross-references link to
/// the portal's own pages of documents it shows; any other code stays plain text.
/// </summary>
public sealed class PublicDocuments(IDbContextFactory<IsoDbContext> contexts, DocumentMarkdown markdown)
{
    public static IReadOnlyList<DocumentKind> PublishedKinds { get; } = [DocumentKind.QualityPolicy, DocumentKind.QualityObjectives, DocumentKind.Procedure];

    public static string AgencyLink(string agencyCode) => $"/cong-khai/{Uri.EscapeDataString(agencyCode)}";

    public static string DocumentLink(string agencyCode, string documentCode) => $"{AgencyLink(agencyCode)}/{Uri.EscapeDataString(documentCode)}";

    public async Task<Result<PublicAgencyDocuments>> ListAsync(string? agencyCode, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await AgencyAsync(db, agencyCode, cancellationToken) is not { } agency)
        {
            return Problem.NotFound("Problem_AgencyNotFound", agencyCode ?? string.Empty);
        }

        var rows = await (
            from d in db.Documents.AsNoTracking()
            join v in db.DocumentVersions.AsNoTracking() on d.EffectiveVersionId equals v.Id
            where d.AgencyId == agency.Id && d.ObsoletedAt == null && PublishedKinds.Contains(d.Kind) && v.Status == DocumentVersionStatus.Effective
            select new PublicDocumentSummary(d.Code, d.Kind, v.Title, v.IssueNo, v.RevisionNo, v.EffectiveOn))
            .ToListAsync(cancellationToken);
        return new PublicAgencyDocuments(agency.Code, agency.Name, [.. rows.OrderBy(r => PublishedKinds.ToList().IndexOf(r.Kind)).ThenBy(r => r.Code, StringComparer.Ordinal)]);
    }

    public async Task<Result<PublicDocumentView>> ReadAsync(string? agencyCode, string? documentCode, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await AgencyAsync(db, agencyCode, cancellationToken) is not { } agency)
        {
            return Problem.NotFound("Problem_AgencyNotFound", agencyCode ?? string.Empty);
        }

        var code = DocumentAccess.NormalizeCode(documentCode ?? string.Empty);
        var document = await db.Documents.AsNoTracking().Include(d => d.Versions)
            .SingleOrDefaultAsync(d => d.AgencyId == agency.Id && d.Code == code && d.ObsoletedAt == null && PublishedKinds.Contains(d.Kind), cancellationToken);
        if (document?.Effective() is not { } version)
        {
            return Problem.NotFound("Problem_DocumentNotFound", code);
        }

        var rendered = await markdown.RenderIssuedAsync(version.Markdown, async codes =>
        {
            var found = await db.Documents.AsNoTracking()
                .Where(d => d.AgencyId == agency.Id && codes.Contains(d.Code) && d.EffectiveVersionId != null && d.ObsoletedAt == null && PublishedKinds.Contains(d.Kind))
                .Select(d => d.Code).ToListAsync(cancellationToken);
            return found.ToDictionary(c => c, c => DocumentLink(agency.Code, c), StringComparer.Ordinal);
        });
        var changes = document.Versions.Where(v => v.Status is DocumentVersionStatus.Effective or DocumentVersionStatus.Superseded)
            .OrderBy(v => v.Sequence)
            .Select(v => new DocumentChangeRow(v.EffectiveOn, v.ChangedSections, v.ChangeSummary ?? string.Empty, v.IssueNo, v.RevisionNo))
            .ToList();
        var flow = document.Kind == DocumentKind.Procedure ? await DocumentProcedures.FlowAsync(db, agency.Id, document.ProcedureKey, version.ProcedureDefinitionId, cancellationToken) : null;
        return new PublicDocumentView(agency.Code, agency.Name, document.Code, document.Kind, version.Title, version.IssueNo, version.RevisionNo,
            version.EffectiveOn, GetDocument.SignaturesOf(version), changes, rendered.Html, flow);
    }

    private static async Task<Data.Organisation.Agency?> AgencyAsync(IsoDbContext db, string? code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 50)
        {
            return null;
        }

        var trimmed = code.Trim();
        return await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Code == trimmed && a.EffectiveTo == null, cancellationToken);
    }
}
