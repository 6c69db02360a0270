using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;

namespace Iso.Web.Accounts;

public enum AccountFileFormat
{
    Csv,
    Xlsx,
}

/// <summary>One data line of an import file: its line (row) number in the file and its values by column.</summary>
internal sealed record AccountFileLine(int Line, AccountInput Input);

/// <summary>Account lists as files: import reads CSV (comma, semicolon or tab; UTF-8) or Excel (.xlsx, first sheet), with a
/// header line naming the columns in English or Vietnamese, in any order: <c>userName/Tên đăng nhập, fullName/Họ và tên,
/// position/Chức vụ, email, agencyCode/Mã cơ quan, unitCode/Mã đơn vị, roles/Vai trò</c> (roles separated by <c>;</c>).
/// Export writes the same columns (plus state), so an exported file is a template; never any password data.</summary>
internal static class AccountFiles
{
    public const string CsvContentType = "text/csv";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Column keys, their Vietnamese headers (written on export) and the spellings accepted on import (compared
    /// without case, diacritics, spaces, dashes or underscores).</summary>
    private static readonly (string Key, string Header, string[] Accepted)[] Columns =
    [
        ("userName", "Tên đăng nhập", ["username", "tendangnhap", "taikhoan"]),
        ("fullName", "Họ và tên", ["fullname", "hoten", "hovaten"]),
        ("position", "Chức vụ", ["position", "chucvu"]),
        ("email", "Email", ["email", "thudientu"]),
        ("agencyCode", "Mã cơ quan", ["agencycode", "agency", "macoquan"]),
        ("unitCode", "Mã đơn vị", ["unitcode", "unit", "madonvi"]),
        ("roles", "Vai trò", ["roles", "role", "vaitro"]),
    ];

    private static readonly string[] RequiredColumns = ["userName", "fullName", "roles"];

    public static AccountFileFormat? FormatOf(string? fileName, ReadOnlySpan<byte> start) =>
        start.Length >= 2 && start[0] == (byte)'P' && start[1] == (byte)'K' ? AccountFileFormat.Xlsx
        : fileName?.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) == true ? AccountFileFormat.Xlsx
        : AccountFileFormat.Csv;

    /// <summary>The data lines, or what makes the file unreadable as a whole (as resource keys with arguments).</summary>
    public static (IReadOnlyList<AccountFileLine> Lines, Application.Message? Problem) Read(byte[] content, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        List<(int Line, string[] Fields)> rows;
        try
        {
            rows = FormatOf(fileName, content) == AccountFileFormat.Xlsx ? ReadXlsx(content) : ReadCsv(content);
        }
        catch (Exception e) when (e is CsvHelperException or InvalidDataException or FormatException or IOException or ArgumentException
                                      or InvalidOperationException or System.Xml.XmlException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException)
        {
            return ([], new Application.Message("Import_Unreadable"));
        }

        rows = [.. rows.Where(r => r.Fields.Any(f => !string.IsNullOrWhiteSpace(f)) && !r.Fields[0].TrimStart().StartsWith('#'))];
        if (rows.Count == 0)
        {
            return ([], new Application.Message("Import_Empty"));
        }

        var header = rows[0].Fields.Select(Normalize).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, _, accepted) in Columns)
        {
            var at = Array.FindIndex(header, h => accepted.Contains(h, StringComparer.Ordinal));
            if (at >= 0)
            {
                index[key] = at;
            }
        }

        var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return ([], new Application.Message("Import_MissingColumns", string.Join(", ", missing.Select(m => Columns.Single(c => c.Key == m).Header))));
        }

        string? Field(string[] fields, string key) =>
            index.TryGetValue(key, out var at) && at < fields.Length && !string.IsNullOrWhiteSpace(fields[at]) ? fields[at].Trim() : null;

        return (
        [
            .. rows.Skip(1).Select(r => new AccountFileLine(r.Line, new AccountInput(
                Field(r.Fields, "userName"), Field(r.Fields, "fullName"), Field(r.Fields, "position"), Field(r.Fields, "email"),
                Field(r.Fields, "agencyCode"), Field(r.Fields, "unitCode"),
                [.. (Field(r.Fields, "roles") ?? string.Empty).Split([';', ',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]))),
        ], null);
    }

    public static byte[] Write(IEnumerable<AccountListItem> accounts, AccountFileFormat format)
    {
        string[] header = [.. Columns.Select(c => c.Header), "Hoạt động", "Bị khóa", "Phải đổi mật khẩu", "Xác thực hai bước"];
        var rows = accounts.Select(a => new[]
        {
            a.UserName, a.FullName, a.Position ?? string.Empty, a.Email ?? string.Empty, a.AgencyCode, a.UnitCode ?? string.Empty,
            string.Join("; ", a.Roles), YesNo(a.IsActive), YesNo(a.IsLockedOut), YesNo(a.MustChangePassword), YesNo(a.TwoFactorEnabled),
        });
        return format == AccountFileFormat.Xlsx ? WriteXlsx("Tài khoản", header, rows) : WriteCsv(header, rows);
    }

    /// <summary>The one-time passwords of new accounts, to hand out (CSV, UTF-8 with BOM so Excel shows Vietnamese).</summary>
    public static byte[] WriteOneTimePasswords(IEnumerable<OneTimePassword> passwords) =>
        WriteCsv(["Tên đăng nhập", "Họ và tên", "Mật khẩu một lần"], passwords.Select(p => new[] { p.UserName, p.FullName, p.Password }));

    private static string YesNo(bool value) => value ? "có" : "không";

    private static List<(int, string[])> ReadCsv(byte[] content)
    {
        using var reader = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            IgnoreBlankLines = true,
            MissingFieldFound = null,
        };
        using var csv = new CsvReader(reader, configuration);
        var rows = new List<(int, string[])>();
        while (csv.Read())
        {
            rows.Add((csv.Parser.RawRow, csv.Parser.Record ?? []));
        }

        return rows;
    }

    private static List<(int, string[])> ReadXlsx(byte[] content)
    {
        using var workbook = new XLWorkbook(new MemoryStream(content));
        var sheet = workbook.Worksheets.First();
        var used = sheet.RangeUsed();
        if (used is null)
        {
            return [];
        }

        var lastColumn = used.LastColumn().ColumnNumber();
        return
        [
            .. sheet.RowsUsed().Select(row => (row.RowNumber(),
                Enumerable.Range(1, lastColumn).Select(c => row.Cell(c).GetFormattedString()).ToArray())),
        ];
    }

    private static byte[] WriteCsv(string[] header, IEnumerable<string[]> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var field in header)
            {
                csv.WriteField(field);
            }

            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var field in row)
                {
                    // A leading = + - @ would be read as a formula by a spreadsheet (CSV injection).
                    csv.WriteField(field.Length > 0 && "=+-@".Contains(field[0], StringComparison.Ordinal) ? "'" + field : field);
                }

                csv.NextRecord();
            }
        }

        return stream.ToArray();
    }

    private static byte[] WriteXlsx(string sheetName, string[] header, IEnumerable<string[]> rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(sheetName);
        var r = 1;
        foreach (var row in rows.Prepend(header))
        {
            for (var c = 0; c < row.Length; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                cell.DataType = XLDataType.Text;
                cell.SetValue(row[c]);
            }

            r++;
        }

        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>Lower case, without diacritics (đ → d), spaces, dashes or underscores: "Mã đơn vị" → "madonvi".</summary>
    private static string Normalize(string header)
    {
        var decomposed = header.Trim().ToLowerInvariant().Replace('đ', 'd').Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
