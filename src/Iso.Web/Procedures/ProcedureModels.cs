using Iso.Workflows.Definitions;

namespace Iso.Web.Procedures;

/// <summary>A procedure a person of the agency may start a case on: its published version, or a template it has not adopted.</summary>
public sealed record StartableProcedure(
    string Key, int Version, string Name, string? Category, decimal? TimeLimitWorkingDays, bool IsTemplate, IReadOnlyList<string> TthcCodes);

/// <summary>One version of an agency's procedure in the catalogue. <see cref="Status"/>: draft, submitted, published, retired.</summary>
public sealed record ProcedureVersionRow(
    int Version,
    string Status,
    string Name,
    string? Category,
    decimal? TimeLimitWorkingDays,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt,
    string? PublishedBy,
    string? DecisionNumber,
    DateOnly? DecisionDate,
    DateTimeOffset? RetiredAt,
    int CaseCount,
    string ETag);

/// <summary>An agency's procedure (one key) with every version, newest first, and the TTHC it serves.</summary>
public sealed record ProcedureRow(
    string Key,
    string Name,
    string? Category,
    decimal? TimeLimitWorkingDays,
    string Status,
    int? PublishedVersion,
    string? SourceKey,
    IReadOnlyList<string> TthcCodes,
    IReadOnlyList<ProcedureVersionRow> Versions);

/// <summary>A template (owner none) an agency may adopt.</summary>
public sealed record TemplateRow(string Key, int Version, string Name, string? Category, decimal? TimeLimitWorkingDays, IReadOnlyList<string> AppliesTo);

public sealed record ProcedureCatalogueFilter(string? Category = null, string? Status = null);

/// <summary>The catalogue page: an agency's templates and procedures, and what the caller may do there.</summary>
public sealed record ProcedureCatalogueView(
    string AgencyCode,
    string AgencyName,
    bool MayAuthor,
    bool MayApprove,
    IReadOnlyList<TemplateRow> Templates,
    IReadOnlyList<ProcedureRow> Procedures);

/// <summary>Who did what to a version and when.</summary>
public sealed record ProcedureEventView(
    int Version, string Kind, DateTimeOffset At, string UserName, string? FullName, string? Comment, string? DecisionNumber, DateOnly? DecisionDate);

/// <summary>One stored version with its definition text, its problems, its step table and its history.</summary>
public sealed record ProcedureVersionDetails(
    string AgencyCode,
    string Key,
    int Version,
    string Status,
    string Name,
    string? SourceKey,
    int? SourceVersion,
    string ETag,
    string Json,
    ValidationReport Problems,
    StepTableView? Steps,
    IReadOnlyList<ProcedureEventView> History,
    bool MayEdit,
    bool MaySubmit,
    bool MayApprove,
    bool MayRetire,
    bool MayStartDraft,
    IReadOnlyList<UnitOption> Units)
{
    /// <summary>Where the officer placed flowchart nodes by hand (node id → centre); the others are laid out automatically.</summary>
    public IReadOnlyDictionary<string, FlowPoint> Layout { get; init; } = new Dictionary<string, FlowPoint>();
}

/// <summary>A unit of the agency, for the unit pickers.</summary>
public sealed record UnitOption(string Code, string Name);

/// <summary>What adopting a template asks of the officer: each unit code and role the template names, and the agency's units.</summary>
public sealed record AdoptionPlan(
    string TemplateKey,
    int TemplateVersion,
    string TemplateName,
    string SuggestedKey,
    IReadOnlyList<string> UnitCodes,
    IReadOnlyList<string> Roles,
    IReadOnlyList<UnitOption> AgencyUnits,
    bool KeyInUse);

/// <summary>What changed from version <see cref="From"/> to <see cref="To"/>.</summary>
public sealed record ProcedureComparison(string Key, int From, int To, DefinitionDiff Diff)
{
    /// <summary>The older version's text, for the flowchart of the comparison (not sent by the API).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? FromJson { get; init; }

    /// <summary>The newer version's text, for the flowchart of the comparison (not sent by the API).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ToJson { get; init; }
}
