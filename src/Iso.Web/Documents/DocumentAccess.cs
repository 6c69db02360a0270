using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>Who sees and changes documents, shared by the document use cases. Another agency's document is "not
/// found"; everyone of the agency reads what is issued; drafts are for those who write, review or approve them and for
/// cross-agency readers (auditors, administrators), who never act on another agency's documents.</summary>
internal static class DocumentAccess
{
    public const string DefinitionKey = "document-control";

    public static Problem NotFound(Guid id) => Problem.NotFound("Problem_DocumentNotFound", id);

    public static async Task<bool> SeesDraftsAsync(this IAuthorizationService authorization, Caller caller) =>
        caller.MayReadAcrossAgencies
        || await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments)
        || await authorization.AllowsAsync(caller, IsoPolicies.Approve);

    /// <summary>The document with its versions (tracked), or a problem: not found when the caller may not read it,
    /// forbidden when they read it from another agency and want to change it.</summary>
    public static async Task<(Document? Document, Problem? Problem)> LoadForChangeAsync(IsoDbContext db, Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var document = await db.Documents.Include(d => d.Versions).SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return (null, NotFound(id));
        }

        return caller.MayActIn(document.AgencyId) ? (document, null) : (null, Problem.Forbidden("Problem_DocumentOfAnotherAgency"));
    }

    /// <summary>The version being written or reviewed (the latest, when it is not issued yet).</summary>
    public static DocumentVersion? Working(this Document document) =>
        document.Versions.OrderByDescending(v => v.Sequence).FirstOrDefault() is { } latest && !DocumentVersion.IsIssued(latest.Status) ? latest : null;

    public static DocumentVersion? Effective(this Document document) =>
        document.Versions.FirstOrDefault(v => v.Id == document.EffectiveVersionId && v.Status == DocumentVersionStatus.Effective);

    public static DocumentStatus StatusOf(Document document, DocumentVersionStatus? latest) =>
        document.ObsoletedAt is not null ? DocumentStatus.Obsolete
        : document.EffectiveVersionId is not null ? DocumentStatus.Effective
        : latest == DocumentVersionStatus.InReview ? DocumentStatus.InReview
        : DocumentStatus.Draft;

    /// <summary>Document codes are compared in upper case ("qt-01" is QT-01).</summary>
    public static string NormalizeCode(string code) => code.Trim().ToUpperInvariant();

    public static bool IsValidCode(string code) =>
        code.Length is > 0 and <= 50 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/');

    /// <summary>Where the effective version of each code of the agency is read (in-app links).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ResolveReferencesAsync(
        IsoDbContext db, Guid agencyId, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var found = await db.Documents.AsNoTracking()
            .Where(d => d.AgencyId == agencyId && codes.Contains(d.Code) && d.EffectiveVersionId != null && d.ObsoletedAt == null)
            .Select(d => new { d.Code, d.Id })
            .ToListAsync(cancellationToken);
        return found.ToDictionary(d => d.Code, d => DocumentLinks.View(d.Id), StringComparer.Ordinal);
    }
}

/// <summary>The app's addresses of documents (pages), in one place.</summary>
public static class DocumentLinks
{
    public const string List = "/tai-lieu";

    public static string View(Guid id) => $"/tai-lieu/{id}";

    public static string ViewVersion(Guid id, Guid versionId) => $"/tai-lieu/{id}?phien-ban={versionId}";

    public static string Edit(Guid id) => $"/tai-lieu/{id}/soan-thao";

    public static string History(Guid id) => $"/tai-lieu/{id}/lich-su";

    /// <summary>The A4 print view: a version (uncontrolled print) or a controlled copy by its number.</summary>
    public static string Print(Guid id, Guid? versionId = null, int? copyNumber = null) =>
        $"/tai-lieu/{id}/in" + (copyNumber is { } n ? $"?ban={n}" : versionId is { } v ? $"?phien-ban={v}" : string.Empty);

    public static string Attachment(Guid id, Guid attachmentId) => $"/api/v1/documents/{id}/attachments/{attachmentId}";
}
