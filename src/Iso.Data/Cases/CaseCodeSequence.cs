namespace Iso.Data.Cases;

/// <summary>The last case number given by an agency on one receipt day (the <c>NNNN</c> of a case code).
/// Only <see cref="CaseCodeAllocator"/> writes it, with one atomic statement per number.</summary>
public sealed class CaseCodeSequence
{
    public Guid AgencyId { get; set; }

    /// <summary>The receipt day in the agency's time zone, as <c>yyyyMMdd</c>.</summary>
    public int Day { get; set; }

    public int LastNumber { get; set; }
}
