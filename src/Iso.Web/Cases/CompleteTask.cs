using System.Text.Json;
using Iso.Web.Application;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Web.Cases;

/// <summary>Completes a task with one of its outcomes; form values may be JSON strings, numbers, booleans or null.</summary>
public sealed record CompleteTaskRequest(string? Outcome, string? Comment = null, Dictionary<string, JsonElement>? Form = null);

/// <summary>Completes an open task of one's own agency; the engine checks role, unit, assignee, outcome, form and comment.</summary>
public sealed class CompleteTask(IWorkflowRuntime runtime)
{
    public async Task<Result<CommandView>> HandleAsync(
        Caller caller, Guid taskId, CompleteTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var form = FormText(request.Form, out var validation);
        validation
            .Required("outcome", request.Outcome, TextLimits.Code)
            .Text("comment", request.Comment, TextLimits.Comment);
        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        // The agency check and the document-control refusal run inside the engine's command on the task it reads anyway
        // (CompleteTaskCommand.Admit), before any check of its own: no read of the task beforehand, same answers in the
        // same order (not found or another agency, then a document's step, then the engine's: completed, not yours, ...).
        // An outcome that needs a comment (a return, a refusal) without one is refused by the engine, which knows the step
        // already (CommentRequiredException, said next to the comment box): no second read of the case and its definition.
        var command = new CompleteTaskCommand(taskId, caller.ToWorkflowActor(), request.Outcome!.Trim(), request.Comment, form, task =>
        {
            if (Refusal(caller, taskId, task) is { } refused)
            {
                throw new RefusedException(refused);
            }
        });
        try
        {
            return (await runtime.CompleteTaskAsync(command, cancellationToken)).ToView(runtime);
        }
        catch (RefusedException refused)
        {
            return refused.Problem;
        }
        catch (WorkflowNotFoundException)
        {
            return CaseAccess.TaskNotFound(taskId);
        }
        catch (Exception ex) when (WorkflowProblems.IsEngineError(ex))
        {
            return WorkflowProblems.From(ex);
        }
    }

    private static Problem? Refusal(Caller caller, Guid taskId, WorkflowTaskRecord task) =>
        CaseAccess.MayActOn(caller, taskId, task)
        // Document control is signed with the password and keeps the author from approving (Documents/DecideOnDocument):
        // its steps are taken on the document, never as a bare task.
        ?? (task.DefinitionKey == Documents.DocumentAccess.DefinitionKey ? Problem.Conflict("Problem_DocumentTaskElsewhere") : null);

    /// <summary>The caller's refusal, thrown out of the engine's command (a <see cref="WorkflowException"/>: nothing stored).</summary>
    private sealed class RefusedException(Problem problem) : WorkflowException(problem.ToString())
    {
        public Problem Problem { get; } = problem;
    }

    /// <summary>Form values as the engine takes them (text as typed); objects, arrays and oversized values are refused per field.</summary>
    private static Dictionary<string, string?> FormText(Dictionary<string, JsonElement>? form, out Validation validation)
    {
        validation = new Validation().MaxCount("form", form?.Count ?? 0, TextLimits.Entries);
        var text = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in form ?? [])
        {
            if (Validation.IsBlank(name) || name.Length > TextLimits.Code)
            {
                validation.Add("form", "Validation_BadName", TextLimits.Code);
                continue;
            }

            var field = $"form.{name}";
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    text[name] = value.GetString();
                    validation.MaxLength(field, text[name], TextLimits.Value);
                    break;
                case JsonValueKind.Number:
                    text[name] = value.GetRawText();
                    validation.MaxLength(field, text[name], TextLimits.Value);
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    text[name] = value.ValueKind == JsonValueKind.True ? "true" : "false";
                    break;
                case JsonValueKind.Null:
                    text[name] = null;
                    break;
                default:
                    validation.Add(field, "Validation_FormValueType");
                    break;
            }
        }

        return text;
    }
}
