using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>A document with one version: the one asked for, else the one in force, else (for those who see drafts) the
/// one being written. Its header, signatures, change table, distribution, attachments, history and what the caller may do.</summary>
public sealed class GetDocument(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, IWorkflowStore workflows)
{
    public const string MeaningPrepared = "prepared";
    public const string MeaningReviewed = "reviewed";
    public const string MeaningApproved = "approved";

    public async Task<Result<DocumentDetails>> HandleAsync(Caller caller, Guid id, Guid? versionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().Include(d => d.Versions).ThenInclude(v => v.Attachments)
            .AsSplitQuery().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return DocumentAccess.NotFound(id);
        }

        var seesDrafts = await authorization.SeesDraftsAsync(caller);
        var visible = document.Versions.Where(v => seesDrafts || DocumentVersion.IsIssued(v.Status)).OrderBy(v => v.Sequence).ToList();
        var version = versionId is { } wanted
            ? visible.FirstOrDefault(v => v.Id == wanted)
            : document.Effective() ?? (seesDrafts ? document.Working() : null) ?? visible.LastOrDefault();
        if (version is null)
        {
            return DocumentAccess.NotFound(id);
        }

        var (stage, returnComment) = await StageOfAsync(version, cancellationToken);
        var actions = await ActionsAsync(caller, document, version, stage);
        var agencyName = await db.Agencies.AsNoTracking().Where(a => a.Id == document.AgencyId).Select(a => a.Name).SingleAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().Where(u => version.Distribution.Contains(u.Id))
            .OrderBy(u => u.Code).Select(u => new DocumentUnit(u.Id, u.Code, u.Name)).ToListAsync(cancellationToken);

        var changes = visible.Where(v => DocumentVersion.IsIssued(v.Status) || v.Id == version.Id)
            .Where(v => v.Sequence <= version.Sequence)
            .Select(v => new DocumentChangeRow(v.EffectiveOn, v.ChangedSections, v.ChangeSummary ?? string.Empty, v.IssueNo, v.RevisionNo))
            .ToList();
        var procedureVersion = version.ProcedureDefinitionId is { } carried
            ? await db.Set<Iso.Workflows.Persistence.StoredDefinition>().AsNoTracking().Where(d => d.Id == carried).Select(d => (int?)d.Version).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new DocumentDetails(
            document.Id,
            document.AgencyId,
            agencyName,
            document.Code,
            document.Kind,
            DocumentAccess.StatusOf(document, document.Versions.MaxBy(v => v.Sequence)?.Status),
            version.Id,
            version.Status,
            version.Title,
            version.Markdown,
            version.IssueNo,
            version.RevisionNo,
            version.EffectiveOn,
            version.ChangeSummary,
            version.ChangedSections,
            version.ExternalNumber,
            version.ExternalIssuer,
            version.ExternalEffectiveOn,
            SignaturesOf(version),
            changes,
            units,
            [.. version.Attachments.OrderBy(a => a.FileName, StringComparer.Ordinal).Select(a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256))],
            [.. visible.Select(v => new VersionSummary(v.Id, v.Sequence, v.IssueNo, v.RevisionNo, v.Status, v.EffectiveOn, v.ChangeSummary, v.UpdatedAt))],
            stage,
            returnComment,
            actions,
            DocumentETag.Of(version),
            document.ObsoletedAt,
            document.ObsoleteReason,
            seesDrafts ? document.Working()?.Id : null,
            seesDrafts ? document.Working()?.Status : null)
        {
            ProcedureKey = document.ProcedureKey,
            ProcedureVersion = procedureVersion,
        };
    }

    /// <summary>The version being written or reviewed (the editor's), else as <see cref="HandleAsync"/>.</summary>
    public async Task<Result<DocumentDetails>> HandleWorkingAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        var details = await HandleAsync(caller, id, null, cancellationToken);
        return details.Problem is null && details.Value.PendingVersionId is { } working && working != details.Value.VersionId
            ? await HandleAsync(caller, id, working, cancellationToken)
            : details;
    }

    /// <summary>The units of the caller's agency in force today, for the distribution list of a draft.</summary>
    public async Task<IReadOnlyList<DocumentUnit>> UnitsOfOwnAgencyAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Units.AsNoTracking().Where(u => u.AgencyId == caller.AgencyId && u.EffectiveTo == null)
            .OrderBy(u => u.Code).Select(u => new DocumentUnit(u.Id, u.Code, u.Name)).ToListAsync(cancellationToken);
    }

    public static IReadOnlyList<DocumentSignature> SignaturesOf(DocumentVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var signatures = new List<DocumentSignature>(3);
        if (version is { PreparedById: { } p, PreparedByName: { } pn, PreparedAt: { } pa })
        {
            signatures.Add(new DocumentSignature(MeaningPrepared, p, pn, pa));
        }

        if (version is { ReviewedById: { } r, ReviewedByName: { } rn, ReviewedAt: { } ra })
        {
            signatures.Add(new DocumentSignature(MeaningReviewed, r, rn, ra));
        }

        if (version is { ApprovedById: { } a, ApprovedByName: { } an, ApprovedAt: { } aa })
        {
            signatures.Add(new DocumentSignature(MeaningApproved, a, an, aa));
        }

        return signatures;
    }

    /// <summary>Where the version's review case waits, and the last "return" comment when it came back to its author.</summary>
    private async Task<(ReviewStage Stage, string? ReturnComment)> StageOfAsync(DocumentVersion version, CancellationToken cancellationToken)
    {
        if (version.ReviewCaseId is not { } caseId || DocumentVersion.IsIssued(version.Status))
        {
            return (ReviewStage.None, null);
        }

        var tasks = await workflows.GetTasksOfCaseAsync(caseId, cancellationToken);
        var open = tasks.LastOrDefault(t => t.Status == WorkflowTaskStatus.Open);
        var returned = tasks.LastOrDefault(t => t is { Status: WorkflowTaskStatus.Completed, Outcome: "return" });
        return open?.NodeId switch
        {
            "review" => (ReviewStage.Review, null),
            "approve" => (ReviewStage.Approval, null),
            "draft" when returned is not null => (ReviewStage.Returned, returned.Comment),
            _ => (ReviewStage.None, null),
        };
    }

    private async Task<DocumentActions> ActionsAsync(Caller caller, Document document, DocumentVersion version, ReviewStage stage)
    {
        if (!caller.MayActIn(document.AgencyId))
        {
            return new DocumentActions(false, false, false, false, false, false);
        }

        var authors = await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments);
        var approves = await authorization.AllowsAsync(caller, IsoPolicies.Approve);
        var live = document.ObsoletedAt is null;
        // Writing concerns the document's draft, whichever version is shown (the page links to the editor).
        var draft = live && authors && document.Working() is { Status: DocumentVersionStatus.Draft };
        var ownWork = caller.UserId == version.AuthorId || caller.UserId == version.PreparedById;
        return new DocumentActions(
            Edit: draft,
            Submit: draft,
            Review: live && stage == ReviewStage.Review && authors,
            Approve: live && stage == ReviewStage.Approval && approves && !ownWork,
            Revise: live && authors && document.Working() is null && document.EffectiveVersionId is not null,
            Obsolete: live && approves && document.EffectiveVersionId is not null);
    }
}
