namespace Iso.Data.Procedures;

/// <summary>An administrative procedure (thủ tục hành chính, TTHC) an agency handles, as announced by the province,
/// and the agency's internal procedure (by key) that handles it.</summary>
public sealed class AdministrativeProcedure
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    /// <summary>National code, e.g. <c>1.001806</c>, optionally with the province suffix (<c>1.000948.H38</c>); unique per agency.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>Lĩnh vực, e.g. "Hộ tịch".</summary>
    public string? Field { get; set; }

    /// <summary>The level that carries it out (cấp tỉnh, cấp xã …).</summary>
    public string? Level { get; set; }

    /// <summary>Statutory time limit in working days; null when the law sets none (e.g. handled at once).</summary>
    public decimal? StatutoryWorkingDays { get; set; }

    public string? Fee { get; set; }

    public string? LegalBasis { get; set; }

    /// <summary>The decision that announced the procedure (Quyết định công bố).</summary>
    public string? AnnouncingDecision { get; set; }

    /// <summary>Key of the agency's internal procedure that handles it; null when none is mapped yet.</summary>
    public string? ProcedureKey { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
