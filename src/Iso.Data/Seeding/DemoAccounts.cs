using Iso.Data.Identity;

namespace Iso.Data.Seeding;

/// <summary>A demo login created by <see cref="DemoDataSeeder"/>.</summary>
public sealed record DemoAccount(
    string UserName,
    string Role,
    string FullName,
    string Position,
    string AgencyCode,
    string AgencyName,
    string? UnitCode)
{
    public string Password { get; init; } = DemoAccounts.Password;

    public string Email => $"{UserName}@demo.iso.local";
}

/// <summary>The one list of demo logins (README, tests and the login page read it from here).</summary>
public static class DemoAccounts
{
    /// <summary>Every demo account has this password; it satisfies Identity's default password rules.</summary>
    public const string Password = "Demo@2026";

    public static DemoAccount Administrator { get; } =
        new("quantri", IsoRoles.Administrator, "Nguyễn Văn Hùng", "Chuyên viên Phòng Công nghệ thông tin, quản trị ISO điện tử", "STTTT", "Sở Thông tin và Truyền thông", "CHUYEN-MON");

    public static DemoAccount QualityOfficer { get; } =
        new("thuky.stp", IsoRoles.QualityOfficer, "Trần Thị Thu Hà", "Thư ký ISO, Chuyên viên Văn phòng Sở", "STP", "Sở Tư pháp", "VP");

    public static DemoAccount Leader { get; } =
        new("lanhdao.stp", IsoRoles.Leader, "Lê Minh Tuấn", "Phó Giám đốc Sở", "STP", "Sở Tư pháp", null);

    public static DemoAccount Staff { get; } =
        new("chuyenvien.stp", IsoRoles.Staff, "Phạm Thị Lan", "Chuyên viên Phòng Hành chính tư pháp", "STP", "Sở Tư pháp", "CHUYEN-MON");

    public static DemoAccount ReceptionStaff { get; } =
        new("motcua.stp", IsoRoles.Staff, "Hoàng Văn Nam", "Công chức tiếp nhận và trả kết quả", "STP", "Sở Tư pháp", "MOT-CUA");

    /// <summary>Staff of a second agency: for tests that one agency cannot read another's data.</summary>
    public static DemoAccount OtherAgencyStaff { get; } =
        new("chuyenvien.snv", IsoRoles.Staff, "Vũ Thị Mai", "Chuyên viên Phòng Tổ chức - Biên chế", "SNV", "Sở Nội vụ", "CHUYEN-MON");

    public static DemoAccount CommuneStaff { get; } =
        new("canbo.nghiaduc", IsoRoles.Staff, "Đặng Văn Long", "Công chức Văn phòng - Thống kê", "NGHIADUC", "UBND phường Nghĩa Đức", "MOT-CUA");

    public static DemoAccount Auditor { get; } =
        new("danhgia.skhcn", IsoRoles.Auditor, "Ngô Thị Hương", "Chuyên viên Chi cục Tiêu chuẩn Đo lường Chất lượng", "SKHCN", "Sở Khoa học và Công nghệ", "CHUYEN-MON");

    // The people every step of the shipped TTHC procedures needs, so that each runs to its end in the demo
    // (tthc-mot-cap at STP, tthc-lien-thong at SNV, tthc-cap-xa at NGHIADUC): the head of the specialised office
    // (Leader of CHUYEN-MON) assigns and reviews, the clerical office (VAN-THU) registers the result.

    public static DemoAccount JusticeHeadOfOffice { get; } =
        new("truongphong.stp", IsoRoles.Leader, "Bùi Quang Vinh", "Trưởng phòng Hành chính tư pháp", "STP", "Sở Tư pháp", "CHUYEN-MON");

    public static DemoAccount JusticeClerk { get; } =
        new("vanthu.stp", IsoRoles.Staff, "Đỗ Thị Ngọc", "Văn thư Sở", "STP", "Sở Tư pháp", "VAN-THU");

    public static DemoAccount HomeAffairsReception { get; } =
        new("motcua.snv", IsoRoles.Staff, "Trịnh Văn Sơn", "Công chức tiếp nhận và trả kết quả", "SNV", "Sở Nội vụ", "MOT-CUA");

    public static DemoAccount HomeAffairsHeadOfOffice { get; } =
        new("truongphong.snv", IsoRoles.Leader, "Lý Thị Hồng", "Trưởng phòng Tổ chức - Biên chế", "SNV", "Sở Nội vụ", "CHUYEN-MON");

    public static DemoAccount HomeAffairsLeader { get; } =
        new("lanhdao.snv", IsoRoles.Leader, "Phan Đức Thắng", "Phó Giám đốc Sở", "SNV", "Sở Nội vụ", null);

    public static DemoAccount HomeAffairsClerk { get; } =
        new("vanthu.snv", IsoRoles.Staff, "Mai Thị Thu", "Văn thư Sở", "SNV", "Sở Nội vụ", "VAN-THU");

    public static DemoAccount CommuneOfficer { get; } =
        new("tuphap.nghiaduc", IsoRoles.Staff, "Hà Văn Toàn", "Công chức Tư pháp - Hộ tịch", "NGHIADUC", "UBND phường Nghĩa Đức", "CHUYEN-MON");

    public static DemoAccount CommuneLeader { get; } =
        new("chutich.nghiaduc", IsoRoles.Leader, "Y Bhin Niê", "Phó Chủ tịch UBND phường", "NGHIADUC", "UBND phường Nghĩa Đức", null);

    public static DemoAccount CommuneClerk { get; } =
        new("vanthu.nghiaduc", IsoRoles.Staff, "Lương Thị Yến", "Công chức Văn thư - Lưu trữ", "NGHIADUC", "UBND phường Nghĩa Đức", "VAN-THU");

    public static IReadOnlyList<DemoAccount> All { get; } =
    [
        Administrator, QualityOfficer, Leader, Staff, ReceptionStaff, OtherAgencyStaff, CommuneStaff, Auditor,
        JusticeHeadOfOffice, JusticeClerk, HomeAffairsReception, HomeAffairsHeadOfOffice, HomeAffairsLeader, HomeAffairsClerk,
        CommuneOfficer, CommuneLeader, CommuneClerk,
    ];

    /// <summary>Vietnamese names of the roles, as the README and the UI show them.</summary>
    public static string RoleNameVi(string role) => role switch
    {
        IsoRoles.Administrator => "Quản trị hệ thống",
        IsoRoles.AgencyAdministrator => "Quản trị tài khoản cơ quan",
        IsoRoles.QualityOfficer => "Thư ký ISO",
        IsoRoles.Leader => "Lãnh đạo (phê duyệt)",
        IsoRoles.Staff => "Chuyên viên",
        IsoRoles.Auditor => "Đánh giá viên",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, $"Unknown role '{role}'."),
    };

    /// <summary>The README's demo-login table (<c>Role | User name | Password</c>, the agency in the role cell),
    /// so a test can check that the README matches the seed.</summary>
    public static string ToMarkdownTable()
    {
        var lines = new List<string> { "| Role | User name | Password |", "|---|---|---|" };
        lines.AddRange(All.Select(a =>
            $"| {a.Role} ({RoleNameVi(a.Role)}) — {a.AgencyName}{(a.UnitCode is null ? "" : $", {a.UnitCode}")} | `{a.UserName}` | `{a.Password}` |"));
        return string.Join('\n', lines) + "\n";
    }
}
