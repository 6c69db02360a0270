using System.ComponentModel.DataAnnotations;

namespace Iso.Web.Cases;

/// <summary>Reception at the one-stop desk (section <c>Iso:Reception</c>).</summary>
public sealed class ReceptionOptions
{
    public const string SectionName = "Iso:Reception";

    /// <summary>The unit whose staff receive TTHC cases (Bộ phận tiếp nhận và trả kết quả).</summary>
    [Required]
    [MaxLength(50)]
    public string ReceptionUnitCode { get; set; } = "MOT-CUA";

    /// <summary>Largest scanned file taken, in bytes (20 MB by default).</summary>
    [Range(1024, 200L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>The receipt form version new receipts are printed with (<see cref="ReceiptForms"/>).</summary>
    [Required]
    public string ReceiptFormVersion { get; set; } = ReceiptForms.Circular03Of2025;

    /// <summary>Public case lookups per client address and minute.</summary>
    [Range(1, 100000)]
    public int PublicLookupsPerMinute { get; set; } = 30;
}

/// <summary>Versions of form 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết quả): each receipt keeps the version it was printed
/// with, so that a reprint looks like the paper the applicant holds.</summary>
public static class ReceiptForms
{
    /// <summary>Form 01 of Circular 01/2018/TT-VPCP.</summary>
    public const string Circular01Of2018 = "TT01-2018";

    /// <summary>Form 01 as revised by Circular 03/2025/TT-VPCP (one-stop rules of Decree 118/2025/NĐ-CP).</summary>
    public const string Circular03Of2025 = "TT03-2025";

    public static IReadOnlyList<string> All { get; } = [Circular01Of2018, Circular03Of2025];
}

/// <summary>Limits of what reception takes (TextLimits holds the general ones).</summary>
public static class ReceptionLimits
{
    public const int ApplicantName = 200;
    public const int ApplicantAddress = 300;
    public const int FileName = 255;
    public const int Files = 20;
    public const int Documents = 50;
}
