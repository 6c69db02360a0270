using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;
using Iso.Web.Application;

namespace Iso.Web.Tthc;

public enum TthcFileFormat
{
    Csv = 0,
    Xlsx = 1,
}

/// <summary>One row of an import file, read and checked.</summary>
public sealed record TthcImportRow(
    int Line, string Code, string Name, string? Field, string? Level, decimal? StatutoryWorkingDays,
    string? Fee, string? LegalBasis, string? AnnouncingDecision, string? ProcedureKey);

/// <summary>Reads the TTHC list of a CSV or Excel file (first sheet): a header row naming the columns (Vietnamese or
/// English names, any order), then one procedure per row. Each problem names its line and column; the caller stores
/// nothing when there is any.</summary>
public static partial class TthcFile
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public const int MaxRows = 5000;

    /// <summary>The columns and the header names accepted for each (compared without case and surrounding blanks).</summary>
    internal static readonly (string Column, string[] Names)[] Columns =
    [
        ("code", ["code", "mã tthc", "mã thủ tục", "mã thủ tục hành chính", "mã số"]),
        ("name", ["name", "tên tthc", "tên thủ tục", "tên thủ tục hành chính"]),
        ("field", ["field", "lĩnh vực"]),
        ("level", ["level", "cấp thực hiện", "cấp"]),
        ("statutoryWorkingDays", ["statutoryworkingdays", "thời hạn giải quyết", "thời hạn giải quyết (ngày làm việc)", "thời hạn (ngày làm việc)", "thời hạn"]),
        ("fee", ["fee", "phí, lệ phí", "phí", "lệ phí"]),
        ("legalBasis", ["legalbasis", "căn cứ pháp lý"]),
        ("announcingDecision", ["announcingdecision", "quyết định công bố"]),
        ("procedureKey", ["procedurekey", "quy trình nội bộ", "mã quy trình"]),
    ];

    [GeneratedRegex(@"^\d\.\d{6}(\.[A-Z0-9]{1,10})?$")]
    internal static partial Regex CodePattern();

    /// <summary>The header text a person sees for a column, for messages (the Vietnamese name).</summary>
    public static string HeaderOf(string column) => Columns.First(c => c.Column == column).Names[1];

    public static (List<TthcImportRow> Rows, List<(string Field, Message Message)> Errors) Read(Stream content, TthcFileFormat format)
    {
        ArgumentNullException.ThrowIfNull(content);
        List<(int Line, string[] Cells)> table;
        try
        {
            table = format == TthcFileFormat.Csv ? ReadCsv(content) : ReadXlsx(content);
        }
        catch (Exception e) when (e is CsvHelperException or InvalidDataException or IOException or FormatException or ArgumentException
            or InvalidOperationException or System.Xml.XmlException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException)
        {
            return ([], [("file", new Message("Import_Unreadable"))]);
        }

        var errors = new List<(string Field, Message Message)>();
        if (table.Count == 0)
        {
            errors.Add(("file", new Message("Import_Empty")));
            return ([], errors);
        }

        var (headerLine, header) = table[0];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var name = Normalize(header[i]);
            var column = Columns.FirstOrDefault(c => c.Names.Contains(name, StringComparer.Ordinal)).Column;
            if (column is not null)
            {
                index.TryAdd(column, i);
            }
        }

        foreach (var required in new[] { "code", "name" })
        {
            if (!index.ContainsKey(required))
            {
                errors.Add(($"lines[{headerLine}].{required}", new Message("Import_MissingColumn", headerLine, HeaderOf(required))));
            }
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        if (table.Count - 1 > MaxRows)
        {
            return ([], [("file", new Message("Import_TooManyRows", MaxRows, table.Count - 1))]);
        }

        var rows = new List<TthcImportRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, cells) in table.Skip(1))
        {
            string? Cell(string column) =>
                index.TryGetValue(column, out var i) && i < cells.Length && !string.IsNullOrWhiteSpace(cells[i]) ? cells[i].Trim() : null;

            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            void Error(string column, string key, params object?[] args) =>
                errors.Add(($"lines[{line}].{column}", new Message(key, [line, HeaderOf(column), .. args])));

            var code = Cell("code")?.ToUpperInvariant();
            if (code is null)
            {
                Error("code", "Import_Required");
            }
            else if (!CodePattern().IsMatch(code))
            {
                Error("code", "Import_BadCode", code);
            }
            else if (seen.TryGetValue(code, out var first))
            {
                Error("code", "Import_Duplicate", code, first);
            }
            else
            {
                seen[code] = line;
            }

            var name = Cell("name");
            if (name is null)
            {
                Error("name", "Import_Required");
            }

            decimal? days = null;
            if (Cell("statutoryWorkingDays") is { } daysText)
            {
                if (decimal.TryParse(daysText.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 365)
                {
                    days = value;
                }
                else
                {
                    Error("statutoryWorkingDays", "Import_BadDays", daysText);
                }
            }

            foreach (var (column, limit) in new[] { ("name", 1000), ("field", 200), ("level", 100), ("fee", 1000), ("legalBasis", 4000), ("announcingDecision", 400), ("procedureKey", 100) })
            {
                if (Cell(column) is { } text && text.Length > limit)
                {
                    Error(column, "Import_TooLong", limit);
                }
            }

            if (code is not null && name is not null)
            {
                rows.Add(new TthcImportRow(line, code, name, Cell("field"), Cell("level"), days, Cell("fee"), Cell("legalBasis"),
                    Cell("announcingDecision"), Cell("procedureKey")));
            }
        }

        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(("file", new Message("Import_Empty")));
        }

        return (rows, errors);
    }

    private static string Normalize(string? header) =>
        (header ?? string.Empty).Trim().TrimStart('\uFEFF').Normalize(NormalizationForm.FormC).ToLower(CultureInfo.GetCultureInfo("vi-VN"));

    private static List<(int Line, string[] Cells)> ReadCsv(Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            HasHeaderRecord = false,
            BadDataFound = null,
            MissingFieldFound = null,
        };
        using var csv = new CsvReader(reader, configuration);
        var table = new List<(int, string[])>();
        while (csv.Read())
        {
            var cells = csv.Parser.Record ?? [];
            table.Add((csv.Parser.RawRow, cells));
            if (table.Count > MaxRows + 1)
            {
                break;
            }
        }

        return table;
    }

    private static List<(int Line, string[] Cells)> ReadXlsx(Stream content)
    {
        using var workbook = new XLWorkbook(content);
        var sheet = workbook.Worksheets.First();
        var used = sheet.RangeUsed();
        if (used is null)
        {
            return [];
        }

        var lastColumn = used.LastColumn().ColumnNumber();
        var table = new List<(int, string[])>();
        foreach (var row in sheet.RowsUsed())
        {
            var cells = new string[lastColumn];
            for (var c = 1; c <= lastColumn; c++)
            {
                var cell = row.Cell(c);
                cells[c - 1] = cell.DataType == XLDataType.Number
                    ? cell.GetDouble().ToString(CultureInfo.InvariantCulture)
                    : cell.GetString();
            }

            table.Add((row.RowNumber(), cells));
            if (table.Count > MaxRows + 1)
            {
                break;
            }
        }

        return table;
    }
}
