using System.Globalization;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Iso.Data;
using Iso.Data.Cases;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>Gives every case of a TTHC procedure that lists documents to receive, and has no reception yet, the
    /// reception the one-stop desk would have written (applicant, documents, receipt form version, received by its
    /// initiator), so its receipt prints. Returns how many were added.</summary>
    public static async Task<int> AddReceptionsAsync(
        IsoDbContext db, CaseProcedures procedures, string formVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(procedures);
        var cases = await db.Set<WorkflowCaseRecord>().AsNoTracking()
            .Where(c => c.Code != null && !db.CaseReceptions.Any(r => r.CaseId == c.Id))
            .Select(c => new { c.Id, c.Code, c.AgencyId, c.InitiatorId, c.DefinitionKey })
            .ToListAsync(cancellationToken);
        // Who received it: whoever started it, else the desk's clerk who completed its intake step, else the agency's first
        // clerk of the one-stop unit.
        var unit = procedures.ReceptionUnitCode;
        var intakes = await db.Set<WorkflowTaskRecord>().AsNoTracking()
            .Where(t => t.CandidateUnitCode == unit && t.CompletedById != null && !db.CaseReceptions.Any(r => r.CaseId == t.CaseId))
            .Select(t => new { t.CaseId, t.CreatedAt, ById = t.CompletedById!.Value })
            .ToListAsync(cancellationToken);
        var intakeBy = intakes.GroupBy(t => t.CaseId).ToDictionary(g => g.Key, g => g.MinBy(t => t.CreatedAt)!.ById);
        var clerks = (await db.Users.AsNoTracking().Where(u => u.IsActive && u.UnitId != null)
                .Join(db.Units.AsNoTracking().Where(x => x.Code == unit), u => u.UnitId, x => (Guid?)x.Id, (u, x) => new { u.AgencyId, u.Id, u.UserName })
                .ToListAsync(cancellationToken))
            .GroupBy(u => u.AgencyId).ToDictionary(g => g.Key, g => g.OrderBy(u => u.UserName, StringComparer.Ordinal).First().Id);
        var documents = new Dictionary<(Guid, string), string?>();
        var added = 0;
        foreach (var c in cases)
        {
            if (!documents.TryGetValue((c.AgencyId, c.DefinitionKey), out var json))
            {
                var definition = (await procedures.FindAsync(c.AgencyId, c.DefinitionKey, cancellationToken))?.Definition;
                json = definition is { RequiredDocuments.Count: > 0 }
                    ? JsonSerializer.Serialize(definition.RequiredDocuments.Where(d => !d.Optional).Select(d => new { name = d.Name, copies = d.Copies }))
                    : null;
                documents[(c.AgencyId, c.DefinitionKey)] = json;
            }

            Guid? by = c.InitiatorId ?? (intakeBy.TryGetValue(c.Id, out var clerk) ? clerk : clerks.TryGetValue(c.AgencyId, out var first) ? first : null);
            if (json is null || by is null)
            {
                continue;
            }

            var applicant = For(c.Code!);
            db.CaseReceptions.Add(new CaseReception
            {
                CaseId = c.Id,
                AgencyId = c.AgencyId,
                ApplicantName = applicant.Name,
                ApplicantIdNumber = applicant.IdNumber,
                ApplicantPhone = applicant.Phone,
                ApplicantAddress = applicant.Address,
                DocumentsJson = json,
                FormVersion = formVersion,
                ReceivedById = by.Value,
            });
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return added;
    }
}
