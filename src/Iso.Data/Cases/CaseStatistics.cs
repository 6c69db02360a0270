namespace Iso.Data.Cases;

/// <summary>
/// Pre-aggregated case figures (ADR 0030): per agency, procedure and LOCAL receipt day of the cases, how many were
/// received, resolved, resolved late (completed after their appointment) and resolved late with an issued apology.
/// Maintained by database triggers on <c>WorkflowCases</c> and <c>WorkflowApologies</c> in the same statement (so the
/// same transaction) as every change of a case or an apology, whatever writes it (the engine, the bulk seeder's COPY,
/// a raw UPDATE); rebuilt from the raw rows by the <c>CaseStatisticsDaily</c> migration and by <c>statistics rebuild</c>.
/// Open cases are not counted here: the statistics read them live (they are few).
/// </summary>
public sealed class CaseStatisticsDay
{
    public Guid AgencyId { get; set; }

    /// <summary>The local receipt day (Vietnam time, UTC+7, no daylight saving) as <see cref="DateOnly.DayNumber"/>.</summary>
    public int Day { get; set; }

    public required string DefinitionKey { get; set; }

    public int Received { get; set; }

    public int Resolved { get; set; }

    public int ResolvedLate { get; set; }

    public int ResolvedLateWithApology { get; set; }
}

/// <summary>
/// Pre-aggregated step figures (ADR 0030): per agency, procedure, step and LOCAL creation day of the tasks, how many
/// were completed, completed after their due moment, and the sum of their working minutes (creation to completion in
/// the working calendar, stored on the task by the engine) over the <see cref="Timed"/> tasks that carry it.
/// Maintained by triggers on <c>WorkflowTasks</c>, like <see cref="CaseStatisticsDay"/>.
/// </summary>
public sealed class StepStatisticsDay
{
    public Guid AgencyId { get; set; }

    /// <summary>The task's local creation day (Vietnam time) as <see cref="DateOnly.DayNumber"/>.</summary>
    public int Day { get; set; }

    public required string DefinitionKey { get; set; }

    public required string NodeId { get; set; }

    public int Completed { get; set; }

    public int CompletedLate { get; set; }

    /// <summary>Completed tasks whose working minutes are known (all but those completed before the column existed and
    /// not yet filled in).</summary>
    public int Timed { get; set; }

    public long WorkingMinutes { get; set; }
}
