namespace Iso.Workflows.Runtime;

/// <summary>A command that cannot be carried out (bad input, wrong state, missing permission). Nothing was stored.</summary>
public class WorkflowException : Exception
{
    public WorkflowException()
    {
    }

    public WorkflowException(string message)
        : base(message)
    {
    }

    public WorkflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The outcome chosen needs a comment (a return, a refusal) and none was given. Nothing was stored.</summary>
public sealed class CommentRequiredException : WorkflowException
{
    public CommentRequiredException()
    {
    }

    public CommentRequiredException(string message)
        : base(message)
    {
    }

    public CommentRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CommentRequiredException(string outcomeLabel, string message)
        : base(message)
    {
        OutcomeLabel = outcomeLabel;
    }

    /// <summary>The outcome's label (or name), for a message next to the comment box.</summary>
    public string? OutcomeLabel { get; }
}

/// <summary>The task was completed (or cancelled) by someone else first.</summary>
public sealed class TaskAlreadyCompletedException : WorkflowException
{
    public TaskAlreadyCompletedException()
    {
    }

    public TaskAlreadyCompletedException(string message)
        : base(message)
    {
    }

    public TaskAlreadyCompletedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TaskAlreadyCompletedException(Guid taskId, Guid? completedById, DateTimeOffset? completedAt, string? outcome)
        : base($"Công việc đã được xử lý trước đó: task {taskId} already completed by {completedById?.ToString() ?? "the system"}"
            + (completedAt is { } at ? $" at {at:yyyy-MM-dd HH:mm:ss}" : string.Empty)
            + (outcome is null ? "." : $" (outcome '{outcome}')."))
    {
        TaskId = taskId;
        CompletedById = completedById;
    }

    public Guid TaskId { get; }

    public Guid? CompletedById { get; }
}

/// <summary>The definition cannot be run as written (unknown action, decision without a matching branch, a handler failure…).
/// The command was rolled back.</summary>
public sealed class WorkflowFaultException : WorkflowException
{
    public WorkflowFaultException()
    {
    }

    public WorkflowFaultException(string message)
        : base(message)
    {
    }

    public WorkflowFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The actor may not do this to the task or case.</summary>
public sealed class WorkflowForbiddenException : WorkflowException
{
    public WorkflowForbiddenException()
    {
    }

    public WorkflowForbiddenException(string message)
        : base(message)
    {
    }

    public WorkflowForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The task or case does not exist.</summary>
public sealed class WorkflowNotFoundException : WorkflowException
{
    public WorkflowNotFoundException()
    {
    }

    public WorkflowNotFoundException(string message)
        : base(message)
    {
    }

    public WorkflowNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Submitted form values are missing or of the wrong type; <see cref="Errors"/> lists each one.</summary>
public sealed class WorkflowValidationException : WorkflowException
{
    public WorkflowValidationException()
    {
        Errors = [];
    }

    public WorkflowValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    public WorkflowValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public WorkflowValidationException(string message, IReadOnlyList<string> errors)
        : base(message)
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}

/// <summary>Retry was asked of a case that is not faulted (an administrator retried it first, or it never failed).</summary>
/// <summary>The apology asked for is not the case's pending draft (none is pending, it was issued already, or it was edited meanwhile).</summary>
public sealed class ApologyStateException : WorkflowException
{
    public ApologyStateException()
    {
    }

    public ApologyStateException(string message)
        : base(message)
    {
    }

    public ApologyStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

public sealed class CaseNotFaultedException : WorkflowException
{
    public CaseNotFaultedException()
    {
    }

    public CaseNotFaultedException(string message)
        : base(message)
    {
    }

    public CaseNotFaultedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CaseNotFaultedException(Guid caseId)
        : base($"Hồ sơ {caseId} không ở trạng thái lỗi (the case is not faulted; someone may have retried it already).")
    {
    }
}
