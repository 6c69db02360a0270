using Iso.Web.Cases;

namespace Iso.Web.Components.Pages.Cases;

/// <summary>The wording that differs between the versions of form 04 (Phiếu xin lỗi và hẹn lại ngày trả kết quả); a letter
/// is printed in the version it was drafted with, as the receipt is (<see cref="ReceiptTemplates"/>).</summary>
public sealed record ApologyTemplate(string Version, string Basis, string Desk, string Footer);

public static class ApologyTemplates
{
    private static readonly Dictionary<string, ApologyTemplate> ByVersion = new(StringComparer.Ordinal)
    {
        [ReceiptForms.Circular01Of2018] = new(
            ReceiptForms.Circular01Of2018,
            "Mẫu số 04 ban hành kèm theo Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ",
            "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
            "Mẫu 04 — Thông tư 01/2018/TT-VPCP"),
        [ReceiptForms.Circular03Of2025] = new(
            ReceiptForms.Circular03Of2025,
            "Mẫu số 04 ban hành kèm theo Thông tư số 03/2025/TT-VPCP của Văn phòng Chính phủ (thực hiện Nghị định số 118/2025/NĐ-CP)",
            "BỘ PHẬN MỘT CỬA",
            "Mẫu 04 — Thông tư 03/2025/TT-VPCP"),
    };

    public static ApologyTemplate Of(string version) =>
        ByVersion.TryGetValue(version, out var template) ? template : ByVersion[ReceiptForms.Circular03Of2025];
}
