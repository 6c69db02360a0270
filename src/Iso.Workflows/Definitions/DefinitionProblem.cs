namespace Iso.Workflows.Definitions;

/// <summary>One thing wrong with a definition: the file, the JSON path of the offending element and what is wrong.
/// Warnings (e.g. an action the host does not know) do not make a definition invalid.</summary>
public sealed record DefinitionProblem(string File, string JsonPath, string Message, bool IsWarning = false)
{
    public override string ToString() => $"{File}: {JsonPath}: {(IsWarning ? "warning: " : string.Empty)}{Message}";
}

/// <summary>A parsed definition (null when the JSON could not be read at all) with every problem found.</summary>
public sealed record DefinitionLoadResult(WorkflowDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems)
{
    public bool IsValid
    {
        get
        {
            if (Definition is null)
            {
                return false;
            }

            foreach (var p in Problems)
            {
                if (!p.IsWarning)
                {
                    return false;
                }
            }

            return true;
        }
    }
}

/// <summary>Thrown when an invalid definition is used where a valid one is required (import, publish, start).</summary>
public sealed class InvalidWorkflowDefinitionException : Exception
{
    public InvalidWorkflowDefinitionException()
    {
        Problems = [];
    }

    public InvalidWorkflowDefinitionException(string message)
        : base(message)
    {
        Problems = [];
    }

    public InvalidWorkflowDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public InvalidWorkflowDefinitionException(IReadOnlyList<DefinitionProblem> problems)
        : base("Định nghĩa quy trình không hợp lệ (invalid workflow definition):" + Environment.NewLine
            + string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<DefinitionProblem> Problems { get; }
}
