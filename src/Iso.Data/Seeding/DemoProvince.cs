namespace Iso.Data.Seeding;

/// <summary>The demo organisation: Đắk Nông province as structured in 2021 (Decision 1887/QĐ-UBND's plan).</summary>
internal static class DemoProvince
{
    public static readonly DateOnly EffectiveFrom = new(2021, 1, 1);

    public sealed record Kind(string Code, string NameVi, string NameEn, int Level);

    public sealed record AgencySeed(string Code, string Name, string? ShortName, string KindCode, string? ParentCode, IReadOnlyList<UnitSeed> Units)
    {
        /// <summary>A plausible electronic unit code in the shape of Circular 10/2016/TT-BTTTT (<c>000.MM.NN.H17</c>:
        /// level-2 unit NN under the province, level-3 unit MM under it); not the province's official list.</summary>
        public string? ElectronicCode { get; init; }
    }

    /// <summary>The province part of the demo electronic codes.</summary>
    private const string ProvinceSuffix = "H17";

    public sealed record UnitSeed(string Code, string Name);

    public static IReadOnlyList<Kind> Kinds { get; } =
    [
        new("province", "UBND cấp tỉnh", "Provincial People's Committee", 0),
        new("department", "Sở/ngành", "Department", 1),
        new("district", "UBND cấp huyện", "District People's Committee", 1),
        new("commune", "UBND cấp xã", "Commune People's Committee", 2),
    ];

    public static IReadOnlyList<AgencySeed> Agencies { get; } = Build();

    private static List<AgencySeed> Build()
    {
        var agencies = new List<AgencySeed>
        {
            new("DAKNONG", "UBND tỉnh Đắk Nông", "UBND tỉnh", "province", null, []),
            new("VPUBND", "Văn phòng UBND tỉnh", "VP UBND tỉnh", "department", "DAKNONG",
            [
                new("VP", "Phòng Hành chính - Tổ chức"),
                new("MOT-CUA", "Trung tâm Phục vụ hành chính công"),
                new("CHUYEN-MON", "Phòng Kiểm soát thủ tục hành chính"),
                new("VAN-THU", "Văn thư"),
            ]),
        };

        (string Code, string Name, string Short, string Specialised)[] departments =
        [
            ("SNV", "Sở Nội vụ", "SNV", "Phòng Tổ chức - Biên chế"),
            ("STP", "Sở Tư pháp", "STP", "Phòng Hành chính tư pháp"),
            ("STC", "Sở Tài chính", "STC", "Phòng Quản lý ngân sách"),
            ("SKHDT", "Sở Kế hoạch và Đầu tư", "SKH&ĐT", "Phòng Đăng ký kinh doanh"),
            ("STTTT", "Sở Thông tin và Truyền thông", "STT&TT", "Phòng Công nghệ thông tin"),
            ("SKHCN", "Sở Khoa học và Công nghệ", "SKH&CN", "Chi cục Tiêu chuẩn Đo lường Chất lượng"),
            ("SYT", "Sở Y tế", "SYT", "Phòng Nghiệp vụ Y"),
            ("SGDDT", "Sở Giáo dục và Đào tạo", "SGD&ĐT", "Phòng Giáo dục Trung học"),
            ("STNMT", "Sở Tài nguyên và Môi trường", "STN&MT", "Phòng Quản lý đất đai"),
            ("SCT", "Sở Công Thương", "SCT", "Phòng Quản lý thương mại"),
            ("SXD", "Sở Xây dựng", "SXD", "Phòng Quản lý xây dựng"),
            ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "SNN&PTNT", "Phòng Kế hoạch - Tài chính"),
        ];
        agencies.AddRange(departments.Select(d => new AgencySeed(d.Code, d.Name, d.Short, "department", "DAKNONG",
        [
            new("VP", "Văn phòng Sở"),
            new("MOT-CUA", "Bộ phận tiếp nhận và trả kết quả"),
            new("CHUYEN-MON", d.Specialised),
            new("VAN-THU", "Văn thư"),
        ])));

        (string Code, string Name)[] districts =
        [
            ("GIANGHIA", "UBND thành phố Gia Nghĩa"),
            ("CUJUT", "UBND huyện Cư Jút"),
            ("DAKMIL", "UBND huyện Đắk Mil"),
            ("KRONGNO", "UBND huyện Krông Nô"),
            ("DAKSONG", "UBND huyện Đắk Song"),
            ("DAKRLAP", "UBND huyện Đắk R'lấp"),
            ("DAKGLONG", "UBND huyện Đắk Glong"),
            ("TUYDUC", "UBND huyện Tuy Đức"),
        ];
        agencies.AddRange(districts.Select(d => new AgencySeed(d.Code, d.Name, null, "district", "DAKNONG",
        [
            new("VP", "Văn phòng HĐND và UBND"),
            new("MOT-CUA", "Bộ phận tiếp nhận và trả kết quả"),
            new("CHUYEN-MON", "Phòng Tư pháp"),
            new("VAN-THU", "Văn thư"),
        ])));

        (string Code, string Name, string Parent)[] communes =
        [
            ("NGHIADUC", "UBND phường Nghĩa Đức", "GIANGHIA"),
            ("NGHIATHANH", "UBND phường Nghĩa Thành", "GIANGHIA"),
            ("DAKNIA", "UBND xã Đắk Nia", "GIANGHIA"),
            ("EATLING", "UBND thị trấn Ea T'ling", "CUJUT"),
            ("TAMTHANG", "UBND xã Tâm Thắng", "CUJUT"),
        ];
        agencies.AddRange(communes.Select(c => new AgencySeed(c.Code, c.Name, null, "commune", c.Parent,
        [
            new("VP", "Văn phòng - Thống kê"),
            new("MOT-CUA", "Bộ phận tiếp nhận và trả kết quả"),
            new("CHUYEN-MON", "Tư pháp - Hộ tịch"),
            new("VAN-THU", "Văn thư - Lưu trữ"),
        ])));

        return WithElectronicCodes(agencies);
    }

    private static List<AgencySeed> WithElectronicCodes(List<AgencySeed> agencies)
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        var level2 = 0;
        var level3 = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<AgencySeed>(agencies.Count);
        foreach (var agency in agencies)
        {
            string code;
            if (agency.ParentCode is null)
            {
                code = $"000.00.00.{ProvinceSuffix}";
            }
            else if (agency.KindCode == "commune")
            {
                var parent = codes[agency.ParentCode];
                var next = level3[agency.ParentCode] = level3.GetValueOrDefault(agency.ParentCode) + 1;
                code = $"000.{next:00}.{parent.Split('.')[2]}.{ProvinceSuffix}";
            }
            else
            {
                code = $"000.00.{++level2:00}.{ProvinceSuffix}";
            }

            codes[agency.Code] = code;
            result.Add(agency with { ElectronicCode = code });
        }

        return result;
    }
}
