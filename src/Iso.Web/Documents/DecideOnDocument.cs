using System.Globalization;
using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Cases;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>A decision on a document under review, signed with the decider's password. At review: <c>pass</c> or
/// <c>return</c>; at approval: <c>approve</c>, <c>return</c> or <c>reject</c>. Returning and rejecting need a comment;
/// <see cref="EffectiveOn"/> (approval) defaults to the day of approval.</summary>
public sealed record DocumentDecisionRequest(string? Outcome, string? Password, string? Comment = null, DateOnly? EffectiveOn = null);

/// <summary>
/// Completes the waiting step of the document's <c>document-control</c> case. Reviewers are quality officers; approvers
/// are leaders and never the document's own author or preparer (separation of duties). Approval runs
/// <c>document.publish</c> in the same engine transaction (<see cref="DocumentPublishActionHandler"/>): the version is
/// effective and the one before superseded, or nothing happened.
/// </summary>
public sealed class DecideOnDocument(
    IDbContextFactory<IsoDbContext> contexts,
    IAuthorizationService authorization,
    IWorkflowRuntime runtime,
    IWorkflowStore workflows,
    PasswordConfirmation passwords,
    TimeProvider clock,
    Procedures.DefinitionChecker checker,
    Procedures.AgencyTime agencyTime,
    WorkflowDefinitionCatalog engineCatalog)
{
    public async Task<Result<DocumentStepResult>> HandleAsync(
        Caller caller, Guid id, ReviewStage stage, DocumentDecisionRequest request, CancellationToken cancellationToken = default)
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

        var policy = stage == ReviewStage.Approval ? IsoPolicies.Approve : IsoPolicies.AuthorDocuments;
        if (stage is not (ReviewStage.Review or ReviewStage.Approval) || !await authorization.AllowsAsync(caller, policy))
        {
            return Problem.Forbidden(stage == ReviewStage.Approval ? "Problem_ApproveDocumentForbidden" : "Problem_ReviewDocumentForbidden");
        }

        var outcomes = stage == ReviewStage.Approval ? new[] { "approve", "return", "reject" } : ["pass", "return"];
        var validation = new Validation().Required("outcome", request.Outcome, TextLimits.Code).Text("comment", request.Comment, TextLimits.Comment);
        if (request.Outcome is { } outcome && !outcomes.Contains(outcome, StringComparer.Ordinal))
        {
            validation.Add("outcome", "Validation_OneOf", string.Join(", ", outcomes));
        }

        if (request.Outcome is "return" or "reject")
        {
            validation.Required("comment", request.Comment, TextLimits.Comment);
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        if (document.Working() is not { Status: DocumentVersionStatus.InReview, ReviewCaseId: { } caseId } version)
        {
            return Problem.Conflict("Problem_DocumentNotInReview", document.Code);
        }

        var nodeId = stage == ReviewStage.Approval ? "approve" : "review";
        var task = (await workflows.GetTasksOfCaseAsync(caseId, cancellationToken)).LastOrDefault(t => t.Status == WorkflowTaskStatus.Open);
        if (task is null || task.NodeId != nodeId)
        {
            return Problem.Conflict("Problem_DocumentNotAtStage", document.Code);
        }

        if (stage == ReviewStage.Approval && (caller.UserId == version.AuthorId || caller.UserId == version.PreparedById))
        {
            return Problem.Forbidden("Problem_ApproveOwnDocument");
        }

        var publishesProcedure = stage == ReviewStage.Approval && request.Outcome == "approve" && version.ProcedureDefinitionId is not null;
        if (publishesProcedure)
        {
            // Approving publishes the procedure draft the version carries, in the same transaction (ADR 0025): it must still
            // be a valid draft, and its approver not one of its authors (as when a procedure is approved directly).
            if (await DocumentProcedures.CarriedDraftProblemAsync(db, checker, agencyTime.Today, document, version, cancellationToken) is { } carried)
            {
                return carried;
            }

            var authored = await db.ProcedureEvents.AsNoTracking().AnyAsync(
                e => e.DefinitionId == version.ProcedureDefinitionId && e.UserId == caller.UserId && Iso.Data.Procedures.ProcedureEventKinds.Authoring.Contains(e.Kind),
                cancellationToken);
            if (authored)
            {
                return Problem.Forbidden("Problem_ApproveOwnProcedureDraft", document.ProcedureKey ?? string.Empty);
            }
        }

        if (await passwords.ConfirmAsync(caller.UserId, request.Password) is not { } printedName)
        {
            return Problem.Invalid("password", "Validation_SignaturePassword");
        }

        var form = stage == ReviewStage.Approval && request.Outcome == "approve"
            ? new Dictionary<string, string?>
            {
                ["effectiveDate"] = (request.EffectiveOn ?? Today()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }
            : null;
        try
        {
            await runtime.CompleteTaskAsync(new CompleteTaskCommand(task.Id, caller.ToWorkflowActor(), request.Outcome!, request.Comment, form), cancellationToken);
        }
        catch (Exception ex) when (WorkflowProblems.IsEngineError(ex))
        {
            return WorkflowProblems.From(ex);
        }

        // The engine has moved on; the version follows (approval already made it effective in the same transaction).
        await db.Entry(version).ReloadAsync(cancellationToken);
        if (publishesProcedure && document.ProcedureKey is { } publishedKey)
        {
            engineCatalog.ForgetPublished(publishedKey);
        }

        var now = clock.GetUtcNow();
        switch (request.Outcome)
        {
            case "pass":
                version.ReviewedById = caller.UserId;
                version.ReviewedByName = printedName;
                version.ReviewedAt = now;
                break;
            case "return" or "reject":
                version.Status = DocumentVersionStatus.Draft;
                version.PreparedById = null;
                version.PreparedByName = null;
                version.PreparedAt = null;
                version.ReviewedById = null;
                version.ReviewedByName = null;
                version.ReviewedAt = null;
                // A rejected case has ended; the next submission starts a new one.
                version.ReviewCaseId = request.Outcome == "reject" ? null : version.ReviewCaseId;
                break;
        }

        if (request.Outcome != "approve")
        {
            version.Revision++;
            version.UpdatedAt = now;
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return new DocumentStepResult(document.Id, version.Id, version.Status, []);
    }

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), clock.LocalTimeZone).DateTime);
}
