using System.Globalization;
using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Cases;
using Iso.Web.Documents.Rendering;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>Submits the draft for review, signed as "prepared" with the author's password. <see cref="IfMatch"/>, when
/// given, must be the ETag of the draft the author last saw.</summary>
public sealed record SubmitDocumentRequest(string? Password, string? IfMatch = null);

/// <summary>
/// Sends the draft through the agency's <c>document-control</c> procedure: a new case (or, for a draft that was returned,
/// its waiting "draft" step) is completed with "submit", so the draft goes to review. The version is marked in review
/// and signed "prepared" first, and put back as it was if the engine refuses. References to codes that have no document
/// in force come back as warnings (the page shows them before the author confirms).
/// </summary>
public sealed class SubmitDocument(
    IDbContextFactory<IsoDbContext> contexts,
    IAuthorizationService authorization,
    IWorkflowRuntime runtime,
    IWorkflowStore workflows,
    PasswordConfirmation passwords,
    TimeProvider clock,
    Procedures.DefinitionChecker checker,
    Procedures.AgencyTime agencyTime)
{
    public async Task<Result<DocumentStepResult>> HandleAsync(Caller caller, Guid id, SubmitDocumentRequest request, CancellationToken cancellationToken = default)
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

        if (!Validation.IsBlank(request.IfMatch) && !string.Equals(request.IfMatch!.Trim(), DocumentETag.Of(draft), StringComparison.Ordinal))
        {
            return Problem.Of(ProblemKind.PreconditionFailed, new Message("Problem_DocumentChanged", document.Code));
        }

        var validation = new Validation().Required("title", draft.Title, DocumentDrafts.TitleLength);
        if (draft.Sequence > 1)
        {
            validation.Required("changeSummary", draft.ChangeSummary, DocumentDrafts.SummaryLength);
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        // The procedure draft the document carries is published by its approval: told now if it could not be (ADR 0025).
        if (await DocumentProcedures.CarriedDraftProblemAsync(db, checker, agencyTime.Today, document, draft, cancellationToken) is { } carried)
        {
            return carried;
        }

        if (await passwords.ConfirmAsync(caller.UserId, request.Password) is not { } printedName)
        {
            return Problem.Invalid("password", "Validation_SignaturePassword");
        }

        var codes = DocumentMarkdown.ReferencesOf(draft.Markdown);
        var targets = await DocumentAccess.ResolveReferencesAsync(db, document.AgencyId, codes, cancellationToken);
        var dangling = codes.Where(c => !targets.ContainsKey(c)).ToList();

        // A draft returned to its author is waiting at the case's "draft" step; otherwise a new case starts.
        var previousCase = draft.ReviewCaseId;
        var waiting = previousCase is { } existing
            ? (await workflows.GetTasksOfCaseAsync(existing, cancellationToken)).LastOrDefault(t => t is { Status: WorkflowTaskStatus.Open, NodeId: "draft" })
            : null;
        var now = clock.GetUtcNow();
        var caseId = waiting?.CaseId ?? Guid.CreateVersion7(now);

        draft.Status = DocumentVersionStatus.InReview;
        draft.ReviewCaseId = caseId;
        draft.PreparedById = caller.UserId;
        draft.PreparedByName = printedName;
        draft.PreparedAt = now;
        draft.ReviewedById = null;
        draft.ReviewedByName = null;
        draft.ReviewedAt = null;
        draft.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Of(ProblemKind.PreconditionFailed, new Message("Problem_DocumentChanged", document.Code));
        }

        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["documentCode"] = document.Code,
            ["documentTitle"] = draft.Title,
            ["issueNo"] = draft.IssueNo.ToString(CultureInfo.InvariantCulture),
            ["changeSummary"] = draft.ChangeSummary ?? CreateDocument.FirstIssueSummary,
        };
        var started = false;
        try
        {
            var task = waiting;
            if (task is null)
            {
                var start = await runtime.StartCaseAsync(new StartCaseCommand(
                    document.AgencyId,
                    DocumentAccess.DefinitionKey,
                    InitiatorId: caller.UserId,
                    Variables: new Dictionary<string, object?>
                    {
                        ["documentCode"] = document.Code,
                        ["documentTitle"] = draft.Title,
                        ["issueNo"] = draft.IssueNo,
                    },
                    Reference: document.Code,
                    CaseId: caseId), cancellationToken);
                started = true;
                task = start.OpenTasks.Single(t => t.NodeId == "draft");
            }

            await runtime.CompleteTaskAsync(new CompleteTaskCommand(task.Id, caller.ToWorkflowActor(), "submit", Form: variables), cancellationToken);
        }
        catch (Exception ex) when (WorkflowProblems.IsEngineError(ex))
        {
            // Nothing moved on in the procedure: the draft is a draft again (still tied to a case that was started, whose
            // "draft" step waits for the next attempt).
            draft.Status = DocumentVersionStatus.Draft;
            draft.ReviewCaseId = started || waiting is not null ? caseId : previousCase;
            draft.PreparedById = null;
            draft.PreparedByName = null;
            draft.PreparedAt = null;
            draft.Revision++;
            await db.SaveChangesAsync(CancellationToken.None);
            return WorkflowProblems.From(ex);
        }

        return new DocumentStepResult(document.Id, draft.Id, draft.Status, dangling);
    }
}
