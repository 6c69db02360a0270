namespace Iso.Data.Cases;

/// <summary>What the one-stop desk took in when it received a case: the applicant, the documents handed in, and the form
/// version the receipt was printed on. Written once with the case (ADR 0015), never changed.</summary>
public sealed class CaseReception
{
    public Guid CaseId { get; set; }

    public Guid AgencyId { get; set; }

    public required string ApplicantName { get; set; }

    /// <summary>Số định danh cá nhân / CCCD (12 digits) or another identity document number.</summary>
    public required string ApplicantIdNumber { get; set; }

    public required string ApplicantPhone { get; set; }

    public required string ApplicantAddress { get; set; }

    /// <summary>The documents received, as a JSON array of <c>{ name, copies }</c>.</summary>
    public required string DocumentsJson { get; set; }

    /// <summary>The receipt form (mẫu 01) version the receipt is printed with, e.g. <c>TT03-2025</c>.</summary>
    public required string FormVersion { get; set; }

    /// <summary>The clerk who received it (the receipt's signature block); the moments are the case's own.</summary>
    public Guid ReceivedById { get; set; }
}
