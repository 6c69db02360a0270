using System.Security.Claims;
using System.Text.Json;
using Iso.Data;
using Iso.Web.Auth;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Iso.Web.Cases;

/// <summary><c>/api/v1/cases</c> and <c>/api/v1/tasks</c>: start a case, read it with its journal, the inbox, claim and complete.
/// The engine checks who may act on a task (candidate role and unit, assignee); these endpoints check the agency.</summary>
internal static class CaseEndpoints
{
    public static RouteGroupBuilder MapCaseEndpoints(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapPost("/", StartCaseAsync)
            .RequireAuthorization(IsoPolicies.HandleCases)
            .WithSummary("Start a case in the caller's agency on its published procedure (or the template when the agency has not adopted one).")
            .Produces<CommandView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        cases.MapGet("/{id:guid}", GetCaseAsync)
            .WithSummary("A case with its tasks (and their due state), its journal and the journal's verification; own agency, or any for auditors and administrators.")
            .Produces<CaseDetails>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var tasks = api.MapGroup("/tasks").WithTags("Cases");
        tasks.MapGet("/", GetInboxAsync)
            .WithSummary("The caller's inbox: open tasks of their agency assigned to them or open to their role and unit, by due date.")
            .Produces<IReadOnlyList<TaskView>>();
        tasks.MapPost("/{id:guid}/claim", ClaimTaskAsync)
            .WithSummary("Take an open task for oneself, so that it leaves the other candidates' inboxes.")
            .Produces<CommandView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tasks.MapPost("/{id:guid}/complete", CompleteTaskAsync)
            .WithSummary("Complete an open task with one of its outcomes; 409 when someone completed it first.")
            .Produces<CommandView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> StartCaseAsync(
        StartCaseRequest request, ClaimsPrincipal user, IsoDbContext db, IWorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.DefinitionKey))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["definitionKey"] = ["The key of the procedure to start is required (e.g. 'tthc-mot-cap')."] },
                title: "The case request is incomplete.");
        }

        if (await CaseActor.FromAsync(user, db, cancellationToken) is not { } caller)
        {
            return NoAgency();
        }

        var variables = request.Variables?.ToDictionary(v => v.Key, v => (object?)v.Value, StringComparer.Ordinal);
        var command = new StartCaseCommand(
            caller.AgencyId,
            request.DefinitionKey.Trim(),
            InitiatorId: caller.Actor.UserId,
            Variables: variables,
            ReceivedAt: request.ReceivedAt,
            Reference: string.IsNullOrWhiteSpace(request.Reference) ? null : request.Reference.Trim());
        return await RunAsync(
            () => runtime.StartCaseAsync(command, cancellationToken),
            result => TypedResults.Created($"/api/v1/cases/{result.CaseId}", result.ToView(runtime)));
    }

    private static async Task<IResult> GetCaseAsync(
        Guid id, ClaimsPrincipal user, IWorkflowStore store, IWorkflowRuntime runtime, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        var workflowCase = await store.FindCaseAsync(id, cancellationToken);
        if (workflowCase is null)
        {
            return CaseNotFound(id);
        }

        if (!(await authorization.AuthorizeAsync(user, workflowCase.AgencyId, IsoPolicies.ReadAgency)).Succeeded)
        {
            return WorkflowProblems.Problem(
                StatusCodes.Status403Forbidden,
                "Forbidden.",
                $"Case {id} belongs to another agency: you may read the cases of your own agency only, unless you are an auditor or administrator.");
        }

        var tasks = await store.GetTasksOfCaseAsync(id, cancellationToken);
        var journal = await store.GetJournalAsync(id, cancellationToken);
        var verification = runtime.VerifyJournal(workflowCase, journal);
        return TypedResults.Ok(workflowCase.ToDetails(tasks, journal, verification, runtime));
    }

    private static async Task<IResult> GetInboxAsync(
        ClaimsPrincipal user, IsoDbContext db, IWorkflowStore store, IWorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (await CaseActor.FromAsync(user, db, cancellationToken) is not { } caller)
        {
            return NoAgency();
        }

        var actor = caller.Actor;
        var inbox = await store.GetInboxAsync(new InboxQuery(caller.AgencyId, actor.UserId, actor.Roles, actor.UnitCodes), cancellationToken);
        return TypedResults.Ok(inbox.Select(t => t.ToView(runtime)).ToList());
    }

    private static async Task<IResult> ClaimTaskAsync(
        Guid id, ClaimsPrincipal user, IsoDbContext db, IWorkflowStore store, IWorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var access = await CheckTaskAsync(id, user, db, store, cancellationToken);
        if (access.Problem is { } problem)
        {
            return problem;
        }

        return await RunAsync(
            () => runtime.ClaimTaskAsync(new ClaimTaskCommand(id, access.Caller!.Actor), cancellationToken),
            result => TypedResults.Ok(result.ToView(runtime)));
    }

    private static async Task<IResult> CompleteTaskAsync(
        Guid id,
        [FromBody] CompleteTaskRequest request,
        ClaimsPrincipal user,
        IsoDbContext db,
        IWorkflowStore store,
        IWorkflowRuntime runtime,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Outcome))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["outcome"] = ["The outcome is required: one of the outcome names of the task's step (e.g. 'accept')."] },
                title: "The completion request is incomplete.");
        }

        if (FormText(request.Form) is not { } form)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["form"] = ["Form values must be strings, numbers, booleans or null."] },
                title: "The form is not valid.");
        }

        var access = await CheckTaskAsync(id, user, db, store, cancellationToken);
        if (access.Problem is { } problem)
        {
            return problem;
        }

        var command = new CompleteTaskCommand(id, access.Caller!.Actor, request.Outcome.Trim(), request.Comment, form);
        return await RunAsync(
            () => runtime.CompleteTaskAsync(command, cancellationToken),
            result => TypedResults.Ok(result.ToView(runtime)));
    }

    /// <summary>The task exists and belongs to the caller's agency: auditors read across agencies but act only in their own.</summary>
    private static async Task<(CaseActor? Caller, IResult? Problem)> CheckTaskAsync(
        Guid id, ClaimsPrincipal user, IsoDbContext db, IWorkflowStore store, CancellationToken cancellationToken)
    {
        if (await CaseActor.FromAsync(user, db, cancellationToken) is not { } caller)
        {
            return (null, NoAgency());
        }

        var task = await store.FindTaskAsync(id, cancellationToken);
        if (task is null)
        {
            return (null, WorkflowProblems.Problem(StatusCodes.Status404NotFound, "Not found.", $"There is no task with id {id}."));
        }

        if (task.AgencyId != caller.AgencyId)
        {
            return (null, WorkflowProblems.Problem(
                StatusCodes.Status403Forbidden,
                "Forbidden.",
                $"Task {id} belongs to a case of another agency: only people of that agency may claim or complete it."));
        }

        return (caller, null);
    }

    private static async Task<IResult> RunAsync(Func<Task<CommandResult>> command, Func<CommandResult, IResult> success)
    {
        try
        {
            return success(await command());
        }
        catch (Exception ex) when (WorkflowProblems.IsEngineError(ex))
        {
            return WorkflowProblems.From(ex);
        }
    }

    /// <summary>Form values as the engine takes them (text as typed); null when a value is an object or array.</summary>
    private static Dictionary<string, string?>? FormText(Dictionary<string, JsonElement>? form)
    {
        var text = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in form ?? [])
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    text[name] = value.GetString();
                    break;
                case JsonValueKind.Number:
                    text[name] = value.GetRawText();
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    text[name] = value.ValueKind == JsonValueKind.True ? "true" : "false";
                    break;
                case JsonValueKind.Null:
                    text[name] = null;
                    break;
                default:
                    return null;
            }
        }

        return text;
    }

    private static IResult CaseNotFound(Guid id) =>
        WorkflowProblems.Problem(StatusCodes.Status404NotFound, "Not found.", $"There is no case with id {id}.");

    private static IResult NoAgency() => WorkflowProblems.Problem(
        StatusCodes.Status403Forbidden,
        "Forbidden.",
        "The signed-in account carries no agency: cases and tasks belong to an agency. Sign in again.");
}
