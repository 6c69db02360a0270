using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Documents.FollowUp;

/// <summary>What follows a document once in force, for its page: the periods, the next periodic review, open tasks
/// (with legal-change flags), the legal changes recorded on it (external documents), the caller's own pending
/// acknowledgement, and what the caller may do.</summary>
public sealed record DocumentFollowUpView(
    Guid DocumentId,
    int AcknowledgeWithinDays,
    int? ReviewPeriodMonths,
    bool ReviewPeriodIsOwn,
    DateOnly? LastReviewedOn,
    DateOnly? NextReviewOn,
    IReadOnlyList<DocumentTaskView> OpenTasks,
    IReadOnlyList<LegalChangeView> LegalChanges,
    PendingAcknowledgement? MyAcknowledgement,
    bool SeesAcknowledgements,
    bool MayChange);

/// <summary>The acknowledgement period (days) and the review period (months, null: the kind's default).</summary>
public sealed record SetDocumentPeriodsRequest(int? AcknowledgeWithinDays, int? ReviewPeriodMonths);

public sealed class DocumentFollowUp(
    IDbContextFactory<IsoDbContext> contexts,
    IAuthorizationService authorization,
    IOptions<DocumentOptions> options,
    DocumentTasks tasks,
    DocumentAcknowledgements acknowledgements)
{
    public async Task<Result<DocumentFollowUpView>> HandleAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return DocumentAccess.NotFound(id);
        }

        var officer = await authorization.SeesDraftsAsync(caller);
        var effectiveOn = document.EffectiveVersionId is { } v
            ? await db.DocumentVersions.AsNoTracking().Where(x => x.Id == v).Select(x => x.EffectiveOn).SingleAsync(cancellationToken)
            : null;
        var months = options.Value.ReviewMonthsOf(document);
        var from = document.LastReviewedOn is { } reviewed && (effectiveOn is null || reviewed > effectiveOn) ? reviewed : effectiveOn;
        DateOnly? next = document.ObsoletedAt is null && from is { } f && months is { } m ? f.AddMonths(m) : null;
        var mine = await acknowledgements.MineAsync(caller, cancellationToken);
        return new DocumentFollowUpView(
            document.Id,
            document.AcknowledgeWithinDays,
            months,
            document.ReviewPeriodMonths is not null,
            document.LastReviewedOn,
            next,
            officer ? await tasks.OfDocumentAsync(db, id, cancellationToken) : [],
            await LegalChanges.ViewsAsync(db, db.DocumentLegalChanges.AsNoTracking().Where(c => c.DocumentId == id), cancellationToken),
            mine.Succeeded ? mine.Value.FirstOrDefault(a => a.DocumentId == id) : null,
            officer,
            caller.MayActIn(document.AgencyId) && await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments));
    }

    /// <summary>Quality officers set a document's acknowledgement period and review period; they apply to the next
    /// round and the next review.</summary>
    public async Task<Result<DocumentFollowUpView>> SetPeriodsAsync(Caller caller, Guid id, SetDocumentPeriodsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var (document, refused) = await DocumentAccess.LoadForChangeAsync(db, caller, id, cancellationToken);
            if (refused is not null || document is null)
            {
                return refused ?? DocumentAccess.NotFound(id);
            }

            if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
            {
                return Problem.Forbidden("Problem_AuthorDocumentsForbidden");
            }

            var validation = new Validation();
            if (request.AcknowledgeWithinDays is < 1 or > 365)
            {
                validation.Add("acknowledgeWithinDays", "Validation_Range", 1, 365);
            }

            if (request.ReviewPeriodMonths is < 1 or > 120)
            {
                validation.Add("reviewPeriodMonths", "Validation_Range", 1, 120);
            }

            if (validation.Problem is { } invalid)
            {
                return invalid;
            }

            document.AcknowledgeWithinDays = request.AcknowledgeWithinDays ?? options.Value.AcknowledgeWithinDays;
            document.ReviewPeriodMonths = request.ReviewPeriodMonths;
            await db.SaveChangesAsync(cancellationToken);
        }

        return await HandleAsync(caller, id, cancellationToken);
    }
}
