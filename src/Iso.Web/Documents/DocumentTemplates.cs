using Iso.Data.Documents;

namespace Iso.Web.Documents;

/// <summary>The text a new document starts from. A procedure has the seven sections agencies write
/// (Decision 101/QĐ-BKHCN's framework model): purpose, scope, references, definitions, the procedure (flowchart and
/// step table), forms, records to keep.</summary>
public static class DocumentTemplates
{
    public const string Procedure = """
        ## 1. Mục đích

        Quy định trình tự, thủ tục và trách nhiệm thực hiện …

        ## 2. Phạm vi áp dụng

        Áp dụng đối với …

        ## 3. Tài liệu viện dẫn

        - Tiêu chuẩn quốc gia TCVN ISO 9001:2015
        - Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ

        ## 4. Định nghĩa / viết tắt

        | Viết tắt | Diễn giải |
        |---|---|
        | TTHC | Thủ tục hành chính |
        | HTQLCL | Hệ thống quản lý chất lượng |

        ## 5. Nội dung quy trình

        ### 5.1. Lưu đồ

        ### 5.2. Diễn giải

        | Bước | Nội dung công việc | Trách nhiệm | Thời gian | Biểu mẫu/Kết quả |
        |---|---|---|---|---|
        | 1 | Tiếp nhận, kiểm tra hồ sơ | Bộ phận một cửa | 0,5 ngày | BM-01 |
        | 2 | | | | |

        ## 6. Biểu mẫu

        | TT | Mã hiệu | Tên biểu mẫu |
        |---|---|---|
        | 1 | BM-01 | |

        ## 7. Hồ sơ cần lưu

        | TT | Tên hồ sơ | Nơi lưu | Thời gian lưu |
        |---|---|---|---|
        | 1 | | | |
        """;

    /// <summary>The starting text of a document of this kind (only procedures and work instructions have one).</summary>
    public static string For(DocumentKind kind) => kind is DocumentKind.Procedure or DocumentKind.WorkInstruction ? Procedure : string.Empty;

    /// <summary>The seven section headings of <see cref="Procedure"/>, in order.</summary>
    public static IReadOnlyList<string> ProcedureSections { get; } =
    [
        "1. Mục đích", "2. Phạm vi áp dụng", "3. Tài liệu viện dẫn", "4. Định nghĩa / viết tắt", "5. Nội dung quy trình", "6. Biểu mẫu", "7. Hồ sơ cần lưu",
    ];
}
