using System.Globalization;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Iso.Data.Cases;
using Iso.Workflows.Definitions;

namespace Iso.Web.Cases.Simulation;

/// <summary>
/// Plausible applicants for generated cases: a Vietnamese name, a 12-digit personal identification number, a mobile number
/// and an address in Lâm Đồng, each derived from the case code so the same case always gets the same person (the case's
/// <c>applicantName</c> and its reception agree). Only for demo and benchmark data.
/// </summary>
public static class DemoApplicants
{
    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "K'", "H'"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Xuân", "Hoàng", "Kim"];
    private static readonly string[] GivenNames = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"];
    private static readonly string[] Places =
    [
        "phường Nam Gia Nghĩa, tỉnh Lâm Đồng", "phường Bắc Gia Nghĩa, tỉnh Lâm Đồng", "phường Đông Gia Nghĩa, tỉnh Lâm Đồng",
        "xã Đắk Mil, tỉnh Lâm Đồng", "xã Krông Nô, tỉnh Lâm Đồng", "xã Cư Jút, tỉnh Lâm Đồng", "xã Tuy Đức, tỉnh Lâm Đồng",
        "phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng", "phường Bảo Lộc 1, tỉnh Lâm Đồng",
    ];
    private static readonly string[] Streets = ["Lê Duẩn", "Trần Hưng Đạo", "Hùng Vương", "Nguyễn Tất Thành", "Quang Trung", "Phan Bội Châu", "Lý Thường Kiệt", "Tôn Đức Thắng"];

    public sealed record Applicant(string Name, string IdNumber, string Phone, string Address);

    public static Applicant For(string caseCode)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseCode);
        var hash = BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(caseCode)));
        int Pick(int length, int shift) => (int)((hash >> shift) % (ulong)length);
        var family = FamilyNames[Pick(FamilyNames.Length, 0)];
        var name = family.EndsWith('\'')
            ? string.Concat(family, GivenNames[Pick(GivenNames.Length, 8)])
            : string.Join(' ', family, MiddleNames[Pick(MiddleNames.Length, 16)], GivenNames[Pick(GivenNames.Length, 8)]);
        // 0 + province code 67 (Đắk Nông's, kept on cards issued before the merger) + century/sex + birth year + serial.
        var id = string.Create(CultureInfo.InvariantCulture, $"067{Pick(2, 24)}{60 + Pick(40, 28):00}{(hash >> 34) % 1_000_000:000000}");
        var phone = string.Create(CultureInfo.InvariantCulture, $"09{(hash >> 20) % 100_000_000:00000000}");
        var address = string.Create(CultureInfo.InvariantCulture, $"Số {1 + Pick(199, 40)} đường {Streets[Pick(Streets.Length, 48)]}, {Places[Pick(Places.Length, 52)]}");
        return new Applicant(name, id, phone, address);
    }

    /// <summary>What the desk received for a case of <paramref name="definition"/> (its documents that are not optional,
    /// as a reception stores them), or null when the procedure lists none.</summary>
    public static string? DocumentsJson(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition is { RequiredDocuments.Count: > 0 }
            ? ReceivedDocumentView.ToJson(definition.RequiredDocuments.Where(d => !d.Optional).Select(d => new ReceivedDocumentView(d.Name, d.Copies)))
            : null;
    }

    /// <summary>The reception the one-stop desk would have written for a generated case: the applicant derived from its
    /// code (<see cref="For"/>), the documents received, the receipt form version and the clerk who took it in, so that
    /// its receipt prints like a received case's.</summary>
    public static CaseReception Reception(Guid caseId, Guid agencyId, string caseCode, string documentsJson, string formVersion, Guid receivedById)
    {
        var applicant = For(caseCode);
        return new CaseReception
        {
            CaseId = caseId,
            AgencyId = agencyId,
            ApplicantName = applicant.Name,
            ApplicantIdNumber = applicant.IdNumber,
            ApplicantPhone = applicant.Phone,
            ApplicantAddress = applicant.Address,
            DocumentsJson = documentsJson,
            FormVersion = formVersion,
            ReceivedById = receivedById,
        };
    }
}
