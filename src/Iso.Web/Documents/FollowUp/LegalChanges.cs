using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Documents.Rendering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Documents.FollowUp;

/// <summary>An external (legal) document was <c>replaced</c> or <c>amended</c> on <see cref="ChangedOn"/>, perhaps by
/// <see cref="NewDocumentId"/> (another document of the agency, usually the new external one).</summary>
public sealed record RecordLegalChangeRequest(string? Kind, DateOnly? ChangedOn, Guid? NewDocumentId = null, string? Note = null);

/// <summary>A document flagged by a legal change and the revision task opened for it.</summary>
public sealed record FlaggedDocument(Guid DocumentId, string Code, string Title, Guid TaskId, DateOnly DueOn);

public sealed record LegalChangeRecorded(Guid Id, Guid DocumentId, LegalChangeKind Kind, DateOnly ChangedOn, IReadOnlyList<FlaggedDocument> Flagged);

/// <summary>
/// Legal-change flags (issue 11): a quality officer records that an external document (a legal text) was replaced or
/// amended. Every document of the agency whose version in force cites it (a cross-reference <c>[[CODE]]</c> to its code)
/// is flagged with a revision task due <see cref="DocumentOptions.LegalChangeRevisionMonths"/> (3) months after the
/// change, the legal deadline. All in one save: the change and its tasks are written together or not at all.
/// </summary>
public sealed class LegalChanges(
    IDbContextFactory<IsoDbContext> contexts,
    IAuthorizationService authorization,
    IOptions<DocumentOptions> options,
    TimeProvider clock)
{
    public const int NoteLength = 2000;

    public async Task<Result<LegalChangeRecorded>> RecordAsync(Caller caller, Guid id, RecordLegalChangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (found, refused) = await DocumentAccess.LoadForChangeAsync(db, caller, id, cancellationToken);
        if (refused is not null || found is null)
        {
            return refused ?? DocumentAccess.NotFound(id);
        }

        var external = found;
        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_AuthorDocumentsForbidden");
        }

        var validation = new Validation().Text("note", request.Note, NoteLength);
        LegalChangeKind? kind = request.Kind?.Trim().ToLowerInvariant() switch
        {
            "replaced" => LegalChangeKind.Replaced,
            "amended" => LegalChangeKind.Amended,
            _ => null,
        };
        if (kind is null)
        {
            validation.Add("kind", "Validation_OneOf", "replaced, amended");
        }

        if (request.ChangedOn is null)
        {
            validation.Add("changedOn", "Validation_Required");
        }

        if (request.NewDocumentId is { } newId
            && (newId == id || !await db.Documents.AnyAsync(d => d.Id == newId && d.AgencyId == external.AgencyId, cancellationToken)))
        {
            validation.Add("newDocumentId", "Validation_UnknownDocument");
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        if (external.Kind != DocumentKind.External || external.ObsoletedAt is not null || external.EffectiveVersionId is null)
        {
            return Problem.Conflict("Problem_NotAnExternalDocumentInForce", external.Code);
        }

        var now = clock.GetUtcNow();
        var printedName = await db.Users.Where(u => u.Id == caller.UserId).Select(u => u.FullName).SingleAsync(cancellationToken);
        var change = new DocumentLegalChange
        {
            Id = Guid.CreateVersion7(now),
            AgencyId = external.AgencyId,
            DocumentId = external.Id,
            Kind = kind!.Value,
            NewDocumentId = request.NewDocumentId,
            ChangedOn = request.ChangedOn!.Value,
            Note = Validation.IsBlank(request.Note) ? null : request.Note!.Trim(),
            RecordedAt = now,
            RecordedById = caller.UserId,
            RecordedByName = printedName,
        };
        db.DocumentLegalChanges.Add(change);

        var dueOn = change.ChangedOn.AddMonths(options.Value.LegalChangeRevisionMonths);
        var citing = await CitingAsync(db, external, cancellationToken);
        var owners = await RunDocumentReviews.ActiveOwnersAsync(db, citing.Select(c => c.CreatedById), cancellationToken);
        var flagged = new List<FlaggedDocument>();
        foreach (var document in citing)
        {
            var task = new DocumentTask
            {
                Id = Guid.CreateVersion7(now),
                AgencyId = document.AgencyId,
                DocumentId = document.Id,
                Kind = DocumentTaskKind.LegalChange,
                DueOn = dueOn,
                AssigneeId = owners.Contains(document.CreatedById) ? document.CreatedById : null,
                LegalChangeId = change.Id,
                CreatedAt = now,
                Status = DocumentTaskStatus.Open,
            };
            db.DocumentTasks.Add(task);
            flagged.Add(new FlaggedDocument(document.Id, document.Code, document.Title, task.Id, dueOn));
        }

        await db.SaveChangesAsync(cancellationToken);
        return new LegalChangeRecorded(change.Id, external.Id, change.Kind, change.ChangedOn, flagged);
    }

    /// <summary>Documents of the agency in force whose effective version cites the external document's code.</summary>
    private static async Task<IReadOnlyList<Document>> CitingAsync(IsoDbContext db, Document external, CancellationToken cancellationToken)
    {
        var code = external.Code;
        var token = "[[" + code.ToUpperInvariant();
        // A cheap filter in the database (codes are ASCII, so upper() agrees on both providers), then the parser decides.
        var candidates = await db.Documents.AsNoTracking()
            .Where(d => d.AgencyId == external.AgencyId && d.Id != external.Id && d.ObsoletedAt == null && d.EffectiveVersionId != null)
            .Join(db.DocumentVersions, d => d.EffectiveVersionId, v => (Guid?)v.Id, (d, v) => new { Document = d, v.Markdown })
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL upper(…) on both providers
            .Where(x => x.Markdown.ToUpper().Contains(token))
#pragma warning restore CA1304, CA1311, CA1862
            .ToListAsync(cancellationToken);
        return [.. candidates
            .Where(c => DocumentMarkdown.ReferencesOf(c.Markdown).Any(r => string.Equals(DocumentAccess.NormalizeCode(r), code, StringComparison.Ordinal)))
            .Select(c => c.Document)
            .OrderBy(d => d.Code, StringComparer.Ordinal)];
    }

    internal static async Task<IReadOnlyList<LegalChangeView>> ViewsAsync(IsoDbContext db, IQueryable<DocumentLegalChange> query, CancellationToken cancellationToken)
    {
        var rows = await query
            .Join(db.Documents, c => c.DocumentId, d => d.Id, (c, d) => new { c, d.Code, d.Title })
            .OrderByDescending(x => x.c.ChangedOn)
            .ToListAsync(cancellationToken);
        var newIds = rows.Where(r => r.c.NewDocumentId is not null).Select(r => r.c.NewDocumentId!.Value).Distinct().ToList();
        var newCodes = await db.Documents.AsNoTracking().Where(d => newIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Code, cancellationToken);
        return [.. rows.Select(r => new LegalChangeView(
            r.c.Id, r.c.DocumentId, r.Code, r.Title, r.c.Kind, r.c.ChangedOn, r.c.NewDocumentId,
            r.c.NewDocumentId is { } n && newCodes.TryGetValue(n, out var nc) ? nc : null, r.c.Note, r.c.RecordedByName, r.c.RecordedAt))];
    }
}
