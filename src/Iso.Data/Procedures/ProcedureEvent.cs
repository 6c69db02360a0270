namespace Iso.Data.Procedures;

/// <summary>What was done to a version of an agency's procedure (quy trình nội bộ): created, adopted, saved, submitted,
/// returned, approved (published) or retired; by whom and when, with the comment or the approving decision.
/// Append-only, written in the same transaction as the change it records.</summary>
public sealed class ProcedureEvent
{
    public long Id { get; set; }

    public Guid AgencyId { get; set; }

    /// <summary>The stored definition version (<c>WorkflowDefinitions.Id</c>).</summary>
    public Guid DefinitionId { get; set; }

    public required string Key { get; set; }

    public int Version { get; set; }

    /// <summary>One of <see cref="ProcedureEventKinds"/>.</summary>
    public required string Kind { get; set; }

    public Guid UserId { get; set; }

    public required string UserName { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The return comment, or a note (e.g. which template and version a draft was adopted from).</summary>
    public string? Comment { get; set; }

    /// <summary>Number of the decision that approved the procedure (e.g. <c>2022/QĐ-UBND</c>); approvals only.</summary>
    public string? DecisionNumber { get; set; }

    public DateOnly? DecisionDate { get; set; }
}

public static class ProcedureEventKinds
{
    public const string Created = "created";
    public const string Adopted = "adopted";
    public const string Duplicated = "duplicated";
    public const string Saved = "saved";
    public const string Submitted = "submitted";
    public const string Returned = "returned";
    public const string Approved = "approved";
    public const string Retired = "retired";

    /// <summary>The kinds that make a person an author of the version (who may then not approve it).</summary>
    public static IReadOnlyList<string> Authoring { get; } = [Created, Adopted, Duplicated, Saved, Submitted];
}
