using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>Begins a revision of the document in force: a new draft copied from it (text, header, distribution,
/// attachments). <see cref="ChangeSummary"/> is required. A new issue (lần ban hành + 1) by default; a minor
/// amendment (<see cref="NewIssue"/> false) keeps the issue and counts the revision (lần sửa đổi + 1).</summary>
public sealed record ReviseDocumentRequest(string? ChangeSummary, string? ChangedSections = null, bool NewIssue = true);

public sealed class ReviseDocument(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, TimeProvider clock)
{
    public async Task<Result<DraftSaved>> HandleAsync(Caller caller, Guid id, ReviseDocumentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (found, refused) = await DocumentAccess.LoadForChangeAsync(db, caller, id, cancellationToken);
        if (refused is not null || found is null)
        {
            return refused ?? DocumentAccess.NotFound(id);
        }

        var document = found;

        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_AuthorDocumentsForbidden");
        }

        var validation = new Validation()
            .Required("changeSummary", request.ChangeSummary, DocumentDrafts.SummaryLength)
            .Text("changeSummary", request.ChangeSummary, DocumentDrafts.SummaryLength)
            .Text("changedSections", request.ChangedSections, DocumentDrafts.SectionsLength);
        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        if (document.ObsoletedAt is not null || document.Effective() is not { } effective)
        {
            return Problem.Conflict("Problem_DocumentNotEffective", document.Code);
        }

        if (document.Working() is not null)
        {
            return Problem.Conflict("Problem_DocumentRevisionOpen", document.Code);
        }

        await db.Entry(effective).Collection(v => v.Attachments).LoadAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var draft = new DocumentVersion
        {
            Id = Guid.CreateVersion7(now),
            DocumentId = document.Id,
            AgencyId = document.AgencyId,
            Sequence = document.Versions.Max(v => v.Sequence) + 1,
            IssueNo = request.NewIssue ? effective.IssueNo + 1 : effective.IssueNo,
            RevisionNo = request.NewIssue ? 0 : effective.RevisionNo + 1,
            Title = effective.Title,
            Markdown = effective.Markdown,
            ChangeSummary = request.ChangeSummary!.Trim(),
            ChangedSections = Validation.IsBlank(request.ChangedSections) ? null : request.ChangedSections!.Trim(),
            Distribution = [.. effective.Distribution],
            ExternalNumber = effective.ExternalNumber,
            ExternalIssuer = effective.ExternalIssuer,
            ExternalEffectiveOn = effective.ExternalEffectiveOn,
            Status = DocumentVersionStatus.Draft,
            AuthorId = caller.UserId,
            CreatedAt = now,
            UpdatedAt = now,
            Revision = 1,
        };
        foreach (var attachment in effective.Attachments)
        {
            draft.Attachments.Add(new DocumentAttachment
            {
                Id = Guid.CreateVersion7(now),
                VersionId = draft.Id,
                AgencyId = draft.AgencyId,
                FileName = attachment.FileName,
                ContentType = attachment.ContentType,
                Size = attachment.Size,
                Sha256 = attachment.Sha256,
                CreatedAt = now,
                CreatedById = caller.UserId,
            });
        }

        db.DocumentVersions.Add(draft);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another revision was begun at the same moment (same sequence number): one draft at a time.
            return Problem.Conflict("Problem_DocumentRevisionOpen", document.Code);
        }

        return new DraftSaved(document.Id, draft.Id, DocumentETag.Of(draft));
    }
}
