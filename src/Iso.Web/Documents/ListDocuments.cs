using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>Filters of the document list: the agency (the caller's own by default), kind, status and a text found in
/// the code or title; one page of <see cref="PageSize"/> rows ordered by code.</summary>
public sealed record ListDocumentsRequest(
    Guid? AgencyId = null, DocumentKind? Kind = null, DocumentStatus? Status = null, string? Text = null, int Page = 1, int PageSize = 50);

/// <summary>Lists an agency's documents: those in force (and withdrawn) for everyone who reads the agency, drafts too
/// for those who write, review or approve.</summary>
public sealed class ListDocuments(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization)
{
    public const int MaxPageSize = 200;

    public async Task<Result<DocumentPage>> HandleAsync(Caller caller, ListDocumentsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        var validation = new Validation().Text("text", request.Text, TextLimits.Code);
        if (request.Page < 1)
        {
            validation.Add("page", "Validation_Range", 1, int.MaxValue);
        }

        if (request.PageSize is < 1 or > MaxPageSize)
        {
            validation.Add("pageSize", "Validation_Range", 1, MaxPageSize);
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        var agencyId = request.AgencyId ?? caller.AgencyId;
        if (!caller.MayRead(agencyId))
        {
            return Problem.Forbidden("Problem_AgencyForbidden");
        }

        var seesDrafts = await authorization.SeesDraftsAsync(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Documents.AsNoTracking()
            .Where(d => d.AgencyId == agencyId)
            .Select(d => new
            {
                Document = d,
                Latest = d.Versions.OrderByDescending(v => v.Sequence).Select(v => (DocumentVersionStatus?)v.Status).FirstOrDefault(),
                Effective = d.Versions.Where(v => v.Id == d.EffectiveVersionId)
                    .Select(v => new { v.IssueNo, v.RevisionNo, v.EffectiveOn }).FirstOrDefault(),
            });
        if (!seesDrafts)
        {
            rows = rows.Where(r => r.Document.EffectiveVersionId != null);
        }

        if (request.Kind is { } kind)
        {
            rows = rows.Where(r => r.Document.Kind == kind);
        }

        rows = request.Status switch
        {
            DocumentStatus.Obsolete => rows.Where(r => r.Document.ObsoletedAt != null),
            DocumentStatus.Effective => rows.Where(r => r.Document.ObsoletedAt == null && r.Document.EffectiveVersionId != null),
            DocumentStatus.InReview => rows.Where(r => r.Document.ObsoletedAt == null && r.Latest == DocumentVersionStatus.InReview),
            DocumentStatus.Draft => rows.Where(r => r.Document.ObsoletedAt == null && r.Latest == DocumentVersionStatus.Draft),
            _ => rows,
        };

        if (!Validation.IsBlank(request.Text))
        {
            var text = request.Text!.Trim().ToLowerInvariant();
            // Translated to SQL lower(…) LIKE on both providers (ranked, diacritic-insensitive search is the search feature's job).
#pragma warning disable CA1304, CA1311, CA1862
            rows = rows.Where(r => r.Document.Code.ToLower().Contains(text) || r.Document.Title.ToLower().Contains(text));
#pragma warning restore CA1304, CA1311, CA1862
        }

        var total = await rows.CountAsync(cancellationToken);
        var page = await rows.OrderBy(r => r.Document.Code)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)
            .ToListAsync(cancellationToken);
        var items = page.Select(r => new DocumentSummary(
            r.Document.Id,
            r.Document.AgencyId,
            r.Document.Code,
            r.Document.Kind,
            r.Document.Title,
            DocumentAccess.StatusOf(r.Document, r.Latest),
            r.Effective?.IssueNo,
            r.Effective?.RevisionNo,
            r.Effective?.EffectiveOn,
            seesDrafts && r.Latest is { } latest && !DocumentVersion.IsIssued(latest) && r.Document.ObsoletedAt == null ? latest : null)).ToList();
        return new DocumentPage(items, total);
    }
}
