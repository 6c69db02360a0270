using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>Withdraws a document (thu hồi) with a reason, signed with the leader's password.</summary>
public sealed record ObsoleteDocumentRequest(string? Reason, string? Password);

/// <summary>A leader of the agency withdraws a document in force: its effective version becomes obsolete, a draft in
/// progress is abandoned, and nothing of it is in force any more.</summary>
public sealed class ObsoleteDocument(
    IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, PasswordConfirmation passwords, TimeProvider clock)
{
    public async Task<Result<DocumentStepResult>> HandleAsync(Caller caller, Guid id, ObsoleteDocumentRequest request, CancellationToken cancellationToken = default)
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

        if (!await authorization.AllowsAsync(caller, IsoPolicies.Approve))
        {
            return Problem.Forbidden("Problem_ObsoleteDocumentForbidden");
        }

        if (new Validation().Required("reason", request.Reason, TextLimits.Comment).Text("reason", request.Reason, TextLimits.Comment).Problem is { } invalid)
        {
            return invalid;
        }

        if (document.ObsoletedAt is not null || document.Effective() is not { } effective)
        {
            return Problem.Conflict("Problem_DocumentNotEffective", document.Code);
        }

        if (document.Working() is { Status: DocumentVersionStatus.InReview })
        {
            return Problem.Conflict("Problem_DocumentReviewOpen", document.Code);
        }

        if (await passwords.ConfirmAsync(caller.UserId, request.Password) is not { } _)
        {
            return Problem.Invalid("password", "Validation_SignaturePassword");
        }

        var now = clock.GetUtcNow();
        effective.Status = DocumentVersionStatus.Obsolete;
        effective.ObsoletedAt = now;
        if (document.Working() is { } draft)
        {
            db.DocumentVersions.Remove(draft);
        }

        document.ObsoletedAt = now;
        document.ObsoletedById = caller.UserId;
        document.ObsoleteReason = request.Reason!.Trim();
        await db.SaveChangesAsync(cancellationToken);
        return new DocumentStepResult(document.Id, effective.Id, effective.Status, []);
    }
}
