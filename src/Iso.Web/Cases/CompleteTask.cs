using System.Text.Json;
using Iso.Web.Application;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Web.Cases;

/// <summary>Completes a task with one of its outcomes; form values may be JSON strings, numbers, booleans or null.</summary>
public sealed record CompleteTaskRequest(string? Outcome, string? Comment = null, Dictionary<string, JsonElement>? Form = null);

/// <summary>Completes an open task of one's own agency; the engine checks role, unit, assignee, outcome, form and comment.</summary>
public sealed class CompleteTask(IWorkflowStore store, IWorkflowRuntime runtime, TaskSteps steps)
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

        if (await store.CheckMayActOnTaskAsync(caller, taskId, cancellationToken) is { } refused)
        {
            return refused;
        }

        // Document control is signed with the password and keeps the author from approving (Documents/DecideOnDocument):
        // its steps are taken on the document, never as a bare task.
        if ((await store.FindTaskAsync(taskId, cancellationToken))?.DefinitionKey == Documents.DocumentAccess.DefinitionKey)
        {
            return Problem.Conflict("Problem_DocumentTaskElsewhere");
        }

        if (await CommentMissingAsync(taskId, request, cancellationToken) is { } missing)
        {
            return missing;
        }

        var command = new CompleteTaskCommand(taskId, caller.ToWorkflowActor(), request.Outcome!.Trim(), request.Comment, form);
        return await WorkflowProblems.RunAsync(runtime, () => runtime.CompleteTaskAsync(command, cancellationToken));
    }

    /// <summary>An outcome that requires a comment (a return, a refusal) without one: said next to the comment box.</summary>
    private async Task<Problem?> CommentMissingAsync(Guid taskId, CompleteTaskRequest request, CancellationToken cancellationToken)
    {
        if (!Validation.IsBlank(request.Comment)
            || await store.FindTaskAsync(taskId, cancellationToken) is not { } task
            || await store.FindCaseAsync(task.CaseId, cancellationToken) is not { } workflowCase)
        {
            return null;
        }

        var outcome = TaskSteps.Step(await steps.DefinitionOfAsync(workflowCase, cancellationToken), task.NodeId)?
            .Outcomes.FirstOrDefault(o => string.Equals(o.Name, request.Outcome!.Trim(), StringComparison.Ordinal));
        return outcome is { RequireComment: true } ? Problem.Invalid("comment", "Validation_CommentRequired", outcome.Label ?? outcome.Name) : null;
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
