using System.Globalization;
using System.Text;

namespace Iso.DocumentBenchmarks;

/// <summary>Generated Vietnamese administrative prose: words drawn with a skew (a few very common, most rare), so some
/// queries hit thousands of documents and others a handful, as in a real document register.</summary>
internal static class VietnameseText
{
    public const int WordsPerDocument = 400;

    private static readonly string[] Vocabulary =
    [
        "hồ sơ", "tiếp nhận", "giải quyết", "thủ tục", "hành chính", "cán bộ", "công chức", "văn bản", "quy trình", "kiểm soát",
        "tài liệu", "đăng ký", "chất lượng", "đánh giá", "nội bộ", "lưu trữ", "thẩm định", "phê duyệt", "lãnh đạo", "phòng ban",
        "bộ phận", "một cửa", "trả kết quả", "thời hạn", "ngày làm việc", "công dân", "tổ chức", "doanh nghiệp", "chứng thực", "hộ tịch",
        "khai sinh", "kết hôn", "quốc tịch", "lý lịch", "tư pháp", "trợ giúp", "pháp lý", "bồi thường", "nhà nước", "luật sư",
        "công chứng", "giám định", "đấu giá", "hòa giải", "phổ biến", "giáo dục", "pháp luật", "theo dõi", "thi hành", "xử lý",
        "vi phạm", "khiếu nại", "tố cáo", "thanh tra", "kiểm tra", "báo cáo", "thống kê", "kế hoạch", "mục tiêu", "chính sách",
        "cải tiến", "khắc phục", "phòng ngừa", "rủi ro", "cơ hội", "nguồn lực", "năng lực", "đào tạo", "nhận thức", "trao đổi",
        "thông tin", "dạng văn bản", "hồ sơ lưu", "biểu mẫu", "phân phối", "thu hồi", "sửa đổi", "ban hành", "hiệu lực", "hết hiệu lực",
        "việt nam", "tỉnh", "huyện", "xã", "phường", "ủy ban", "nhân dân", "sở", "ngành", "trung tâm",
        "phục vụ", "hài lòng", "khảo sát", "ý kiến", "phản ánh", "kiến nghị", "đường dây nóng", "điện tử", "trực tuyến", "chữ ký số",
        "đo lường", "phân tích", "dữ liệu", "chỉ số", "kết quả", "hiệu quả", "trách nhiệm", "quyền hạn", "phân công", "ủy quyền",
        "đối tượng", "phạm vi", "áp dụng", "định nghĩa", "viết tắt", "căn cứ", "nội dung", "lưu đồ", "diễn giải", "mô tả",
        "phòng cháy", "chữa cháy", "an toàn", "vệ sinh", "môi trường", "tài sản", "thiết bị", "bảo trì", "mua sắm", "nhà cung cấp",
        "đất đai", "xây dựng", "giấy phép", "quy hoạch", "đầu tư", "tài chính", "ngân sách", "kế toán", "kiểm toán", "quyết toán",
        "ma", "má", "mà", "mã", "mạ", "đơn vị", "đồng bộ", "định kỳ", "đột xuất", "điều chỉnh",
    ];

    /// <summary>Queries with and without diacritics (the same words both ways), common and rare.</summary>
    public static IReadOnlyList<(string Text, bool Diacritics)> Queries { get; } =
    [
        ("hồ sơ", true), ("ho so", false),
        ("đăng ký kiểm soát", true), ("dang ky kiem soat", false),
        ("chất lượng", true), ("chat luong", false),
        ("đánh giá nội bộ", true), ("danh gia noi bo", false),
        ("lưu trữ hồ sơ", true), ("luu tru ho so", false),
        ("thẩm định phê duyệt", true), ("tham dinh phe duyet", false),
        ("phòng cháy chữa cháy", true), ("phong chay chua chay", false),
        ("kiểm toán quyết toán", true), ("kiem toan quyet toan", false),
        ("đồng bộ đột xuất", true), ("dong bo dot xuat", false),
        ("má", true), ("ma", false),
        ("việt nam", true), ("viet nam", false),
        ("khiếu nại tố cáo", true), ("khieu nai to cao", false),
        ("QT-00042", true), ("qt 04242", false),
    ];

    /// <summary>A document of one topic: its words come from 30 of the vocabulary (plus "quy trình", "hồ sơ" everywhere),
    /// so a query's words meet in some documents, not all — as in a register of procedures on different subjects.</summary>
    public static (string Title, string Markdown) Document(Random random, int index)
    {
        var topic = Enumerable.Range(0, 30).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]).Append("hồ sơ").Append("quy trình").ToArray();
        _topic = topic;
        try
        {
            return TopicDocument(random, index);
        }
        finally
        {
            _topic = null;
        }
    }

    [ThreadStatic]
    private static string[]? _topic;

    private static (string Title, string Markdown) TopicDocument(Random random, int index)
    {
        var title = "Quy trình " + Sentence(random, 4).TrimEnd('.');
        var text = new StringBuilder();
        text.Append("## 1. Mục đích\n\n").Append(Paragraph(random, WordsPerDocument / 8)).Append("\n\n");
        text.Append("## 2. Phạm vi\n\n").Append(Paragraph(random, WordsPerDocument / 8)).Append("\n\n");
        text.Append("## 5. Nội dung\n\n");
        for (var step = 1; step <= 4; step++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{step}. ").Append(Sentence(random, 12)).Append('\n');
        }

        text.Append('\n').Append(Paragraph(random, WordsPerDocument / 2)).Append("\n\n| Bước | Trách nhiệm | Thời hạn |\n|---|---|---|\n");
        text.Append(CultureInfo.InvariantCulture, $"| 1 | {Sentence(random, 3)} | {index % 15 + 1} ngày |\n\n");
        return (title, text.ToString());
    }

    /// <summary>About <paramref name="pages"/> A4 pages (~500 words a page) of a procedure, with a table on each page.</summary>
    public static string Procedure(int pages)
    {
        var random = new Random(30);
        var text = new StringBuilder("# Quy trình kiểm soát tài liệu\n\n");
        for (var page = 1; page <= pages; page++)
        {
            text.Append(CultureInfo.InvariantCulture, $"## {page}. {Sentence(random, 4).TrimEnd('.')}\n\n");
            for (var p = 0; p < 3; p++)
            {
                text.Append(Paragraph(random, 90)).Append(" Xem [[QT-02]] và **").Append(Sentence(random, 3).TrimEnd('.')).Append("**.\n\n");
            }

            for (var item = 0; item < 4; item++)
            {
                text.Append("- ").Append(Sentence(random, 8)).Append('\n');
            }

            text.Append("\n| TT | Công việc | Trách nhiệm | Thời hạn | Biểu mẫu |\n|---|---|---|---|---|\n");
            for (var row = 1; row <= 6; row++)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {row} | {Sentence(random, 6)} | {Sentence(random, 2)} | {row * 2} ngày | BM-0{row} |\n");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    public static string Sentence(Random random, int words)
    {
        var sentence = string.Join(' ', Enumerable.Range(0, words).Select(_ => Word(random)));
        return char.ToUpper(sentence[0], CultureInfo.InvariantCulture) + sentence[1..] + ".";
    }

    public static string Paragraph(Random random, int words)
    {
        var text = new StringBuilder();
        var written = 0;
        while (written < words)
        {
            var length = random.Next(8, 16);
            text.Append(Sentence(random, length)).Append(' ');
            written += length;
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Skewed: the square of a uniform draw favours the first words of the list.</summary>
    private static string Word(Random random)
    {
        if (_topic is { } topic)
        {
            return topic[random.Next(topic.Length)];
        }

        var u = random.NextDouble();
        return Vocabulary[(int)(u * u * Vocabulary.Length)];
    }
}
