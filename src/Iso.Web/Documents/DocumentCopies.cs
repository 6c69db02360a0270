using System.Text.Json.Serialization;
using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>Why a controlled copy is no longer valid: recalled by hand, or automatically because its version was
/// superseded by a revision or the document made obsolete.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CopyRecall>))]
public enum CopyRecall
{
    None,
    ByHand,
    Superseded,
    Obsolete,
}

/// <summary>A controlled copy as listed on the document: who holds which copy of which version, and whether it is recalled.</summary>
public sealed record DocumentCopyView(
    int Number,
    string CopyNo,
    Guid VersionId,
    int IssueNo,
    int RevisionNo,
    string HolderName,
    Guid? HolderUnitId,
    Guid? HolderUserId,
    DateTimeOffset IssuedAt,
    CopyRecall Recall,
    DateTimeOffset? RecalledAt,
    string? RecallReason)
{
    public bool IsValid => Recall == CopyRecall.None;
}

/// <summary>Issue a controlled copy to a unit or a person of the document's agency (exactly one of the two).</summary>
public sealed record IssueCopyRequest(Guid? HolderUnitId, Guid? HolderUserId);

public sealed record RecallCopyRequest(string? Reason);

/// <summary>
/// Controlled copies (bản kiểm soát) of a document's version in force: issued by the agency's quality officers to a
/// named holder under the next copy number of the document (BS-01, BS-02…, never reused), listed on the document, and
/// recalled by hand or automatically when the version stops being in force (see <see cref="DocumentCopy"/>).
/// </summary>
public sealed class DocumentCopies(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, TimeProvider clock)
{
    public const int ReasonLength = 1000;

    /// <summary>Whether the caller issues and recalls copies of the agency's documents (its quality officers).</summary>
    public async Task<bool> MayIssueAsync(Caller caller, Guid agencyId) =>
        caller.MayActIn(agencyId) && await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments);

    public async Task<Result<IReadOnlyList<DocumentCopyView>>> ListAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return DocumentAccess.NotFound(id);
        }

        return Result.Ok(await ViewsAsync(db, id, cancellationToken));
    }

    /// <summary>The copies of a document, oldest first, each with its recall worked out from its version's status.</summary>
    internal static async Task<IReadOnlyList<DocumentCopyView>> ViewsAsync(IsoDbContext db, Guid documentId, CancellationToken cancellationToken)
    {
        var rows = await (
            from c in db.DocumentCopies.AsNoTracking()
            join v in db.DocumentVersions.AsNoTracking() on c.VersionId equals v.Id
            where c.DocumentId == documentId
            select new { Copy = c, v.IssueNo, v.RevisionNo, v.Status, v.SupersededAt, v.ObsoletedAt })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Copy.Number).Select(r =>
        {
            var (recall, at, reason) = r.Copy.RecalledAt is { } recalled ? (CopyRecall.ByHand, (DateTimeOffset?)recalled, r.Copy.RecallReason)
                : r.Status == DocumentVersionStatus.Superseded ? (CopyRecall.Superseded, r.SupersededAt, null)
                : r.Status == DocumentVersionStatus.Obsolete ? (CopyRecall.Obsolete, r.ObsoletedAt, null)
                : (CopyRecall.None, null, null);
            return new DocumentCopyView(r.Copy.Number, DocumentCopy.Format(r.Copy.Number), r.Copy.VersionId, r.IssueNo, r.RevisionNo, r.Copy.HolderName,
                r.Copy.HolderUnitId, r.Copy.HolderUserId, r.Copy.IssuedAt, recall, at, reason);
        })];
    }

    public async Task<Result<DocumentCopyView>> IssueAsync(Caller caller, Guid id, IssueCopyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (document, refused) = await DocumentAccess.LoadForChangeAsync(db, caller, id, cancellationToken);
        if (refused is not null || document is null)
        {
            return refused ?? DocumentAccess.NotFound(id);
        }

        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_CopiesForbidden");
        }

        if ((request.HolderUnitId is null) == (request.HolderUserId is null))
        {
            return Problem.Invalid("holder", "Validation_CopyHolder");
        }

        string? holder = null;
        if (request.HolderUnitId is { } unitId)
        {
            holder = await db.Units.AsNoTracking().Where(u => u.Id == unitId && u.AgencyId == document.AgencyId && u.EffectiveTo == null)
                .Select(u => u.Name).SingleOrDefaultAsync(cancellationToken);
        }
        else if (request.HolderUserId is { } userId)
        {
            holder = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.AgencyId == document.AgencyId)
                .Select(u => u.FullName).SingleOrDefaultAsync(cancellationToken);
        }

        if (holder is null)
        {
            return Problem.Invalid("holder", "Validation_CopyHolderUnknown");
        }

        if (document.ObsoletedAt is not null || document.Effective() is not { } effective)
        {
            return Problem.Conflict("Problem_DocumentNotEffective", document.Code);
        }

        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var number = (await db.DocumentCopies.Where(c => c.DocumentId == id).MaxAsync(c => (int?)c.Number, cancellationToken) ?? 0) + 1;
            var copy = new DocumentCopy
            {
                Id = Guid.CreateVersion7(now),
                DocumentId = id,
                AgencyId = document.AgencyId,
                VersionId = effective.Id,
                Number = number,
                HolderUnitId = request.HolderUnitId,
                HolderUserId = request.HolderUserId,
                HolderName = holder,
                IssuedAt = now,
                IssuedById = caller.UserId,
            };
            db.DocumentCopies.Add(copy);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new DocumentCopyView(number, DocumentCopy.Format(number), effective.Id, effective.IssueNo, effective.RevisionNo, holder,
                    copy.HolderUnitId, copy.HolderUserId, now, CopyRecall.None, null, null);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Someone issued the same number at the same moment (unique per document): take the next one.
                db.Entry(copy).State = EntityState.Detached;
            }
        }
    }

    public async Task<Result<DocumentCopyView>> RecallAsync(Caller caller, Guid id, int number, RecallCopyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (document, refused) = await DocumentAccess.LoadForChangeAsync(db, caller, id, cancellationToken);
        if (refused is not null || document is null)
        {
            return refused ?? DocumentAccess.NotFound(id);
        }

        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_CopiesForbidden");
        }

        if (new Validation().Text("reason", request.Reason, ReasonLength).MaxLength("reason", request.Reason, ReasonLength).Problem is { } invalid)
        {
            return invalid;
        }

        var copy = await db.DocumentCopies.SingleOrDefaultAsync(c => c.DocumentId == id && c.Number == number, cancellationToken);
        if (copy is null)
        {
            return Problem.NotFound("Problem_CopyNotFound", DocumentCopy.Format(number));
        }

        var current = (await ViewsAsync(db, id, cancellationToken)).Single(c => c.Number == number);
        if (!current.IsValid)
        {
            return Problem.Conflict("Problem_CopyRecalled", current.CopyNo);
        }

        copy.RecalledAt = clock.GetUtcNow();
        copy.RecalledById = caller.UserId;
        copy.RecallReason = Validation.IsBlank(request.Reason) ? null : request.Reason!.Trim();
        await db.SaveChangesAsync(cancellationToken);
        return (await ViewsAsync(db, id, cancellationToken)).Single(c => c.Number == number);
    }
}
