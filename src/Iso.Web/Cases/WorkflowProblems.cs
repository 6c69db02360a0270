using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Web.Cases;

/// <summary>Engine errors as RFC 7807 problems; the detail is the engine's message, which names the task or case.</summary>
internal static class WorkflowProblems
{
    public static IResult From(Exception exception) => exception switch
    {
        TaskAlreadyCompletedException ex => Problem(StatusCodes.Status409Conflict, "Task already completed.", ex.Message),
        WorkflowForbiddenException ex => Problem(StatusCodes.Status403Forbidden, "Forbidden.", ex.Message),
        WorkflowNotFoundException ex => Problem(StatusCodes.Status404NotFound, "Not found.", ex.Message),
        WorkflowValidationException ex => TypedResults.Problem(
            ex.Message,
            statusCode: StatusCodes.Status400BadRequest,
            title: "The form is not valid.",
            extensions: new Dictionary<string, object?> { ["errors"] = ex.Errors }),
        // The procedure itself cannot run this step (e.g. no decision branch matches): the request was fine, nothing was stored.
        WorkflowFaultException ex => Problem(StatusCodes.Status422UnprocessableEntity, "The procedure cannot carry out this step.", ex.Message),
        // Every retry lost a race on the same case; nothing was stored and the caller may try again.
        WorkflowConcurrencyException ex => Problem(StatusCodes.Status409Conflict, "The case changed meanwhile.", ex.Message + " Try again."),
        WorkflowException ex => Problem(StatusCodes.Status400BadRequest, "The request cannot be carried out.", ex.Message),
        _ => throw new ArgumentException($"{exception.GetType().Name} is not an engine error.", nameof(exception)),
    };

    public static bool IsEngineError(Exception exception) => exception is WorkflowException or WorkflowConcurrencyException;

    public static IResult Problem(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);
}
