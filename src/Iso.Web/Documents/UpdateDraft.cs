using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>Changes the document's draft. <paramref name="IfMatch"/> is the ETag the writer read (<see cref="DocumentETag"/>):
/// a draft changed meanwhile (by someone else, or in another tab) is refused rather than overwritten.</summary>
public sealed record UpdateDraftRequest(DraftFields Fields, string? IfMatch);

/// <summary>Quality officers change drafts (not yet submitted, or returned to them) of their own agency.</summary>
public sealed class UpdateDraft(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, TimeProvider clock)
{
    public async Task<Result<DraftSaved>> HandleAsync(Caller caller, Guid id, UpdateDraftRequest request, CancellationToken cancellationToken = default)
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

        if (document.ObsoletedAt is not null || document.Working() is not { Status: DocumentVersionStatus.Draft } draft)
        {
            return Problem.Conflict("Problem_DocumentNoDraft", document.Code);
        }

        if (Validation.IsBlank(request.IfMatch))
        {
            return Problem.Of(ProblemKind.PreconditionRequired, new Message("Problem_DocumentIfMatchMissing"));
        }

        if (!string.Equals(request.IfMatch!.Trim(), DocumentETag.Of(draft), StringComparison.Ordinal))
        {
            return Problem.Of(ProblemKind.PreconditionFailed, new Message("Problem_DocumentChanged", document.Code));
        }

        var validation = new Validation().Check(request.Fields, document.Kind, changeSummaryRequired: draft.Sequence > 1);
        await validation.CheckDistributionAsync(db, document.AgencyId, request.Fields.Distribution, cancellationToken);
        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        var (carried, notCarried) = await DocumentProcedures.ResolveDraftAsync(
            db, document.AgencyId, document.Kind, document.ProcedureKey, request.Fields.ProcedureDraft, cancellationToken);
        if (notCarried is not null)
        {
            return notCarried;
        }

        request.Fields.CopyTo(draft, document.Kind);
        draft.ProcedureDefinitionId = carried;
        draft.UpdatedAt = clock.GetUtcNow();
        draft.Revision++;
        if (document.EffectiveVersionId is null)
        {
            document.Title = draft.Title;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Of(ProblemKind.PreconditionFailed, new Message("Problem_DocumentChanged", document.Code));
        }

        return new DraftSaved(document.Id, draft.Id, DocumentETag.Of(draft));
    }
}
