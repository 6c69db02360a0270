using Iso.Web.Application;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Web.Cases;

/// <summary>Engine errors as use-case problems; the detail is the engine's bilingual message, which names the task or case.</summary>
internal static class WorkflowProblems
{
    public static Problem From(Exception exception) => exception switch
    {
        ApologyStateException ex => Problem.Of(ProblemKind.Conflict, Message.Verbatim(ex.Message)),
        CaseNotFaultedException ex => Problem.Of(ProblemKind.Conflict, Message.Verbatim(ex.Message)),
        // Said next to the comment box, like the other field errors.
        CommentRequiredException { OutcomeLabel: { } label } => Problem.Invalid("comment", "Validation_CommentRequired", label),
        TaskAlreadyCompletedException ex => Problem.Of(ProblemKind.Conflict, Message.Verbatim(ex.Message)),
        WorkflowForbiddenException ex => Problem.Of(ProblemKind.Forbidden, Message.Verbatim(ex.Message)),
        WorkflowNotFoundException ex => Problem.Of(ProblemKind.NotFound, Message.Verbatim(ex.Message)),
        // Each form error under "form": the engine's messages name the field themselves.
        WorkflowValidationException ex => new Problem(
            ProblemKind.Invalid,
            Message.Verbatim(ex.Message),
            new Dictionary<string, IReadOnlyList<Message>> { ["form"] = [.. ex.Errors.Select(Message.Verbatim)] }),
        // The procedure itself cannot run this step (e.g. no decision branch matches): the request was fine, nothing was stored.
        WorkflowFaultException ex => Problem.Of(ProblemKind.Unprocessable, Message.Verbatim(ex.Message)),
        // Every retry lost a race on the same case; nothing was stored and the caller may try again.
        WorkflowConcurrencyException ex => Problem.Of(ProblemKind.Conflict, new Message("Problem_CaseChanged", ex.Message)),
        WorkflowException ex => Problem.Of(ProblemKind.Invalid, Message.Verbatim(ex.Message)),
        _ => throw new ArgumentException($"{exception.GetType().Name} is not an engine error.", nameof(exception)),
    };

    public static bool IsEngineError(Exception exception) => exception is WorkflowException or WorkflowConcurrencyException;

    /// <summary>Runs an engine command; its refusals become problems, anything else stays an exception (a bug, a 500).</summary>
    public static async Task<Result<CommandView>> RunAsync(IWorkflowRuntime runtime, Func<Task<CommandResult>> command)
    {
        try
        {
            return (await command()).ToView(runtime);
        }
        catch (Exception ex) when (IsEngineError(ex))
        {
            return From(ex);
        }
    }
}
