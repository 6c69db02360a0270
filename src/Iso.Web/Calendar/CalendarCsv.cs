using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Iso.Workflows.Calendar;

namespace Iso.Web.Calendar;

/// <summary>A year's official days off and make-up working days as a CSV file, one day a line:
/// <c>date,kind,name</c> — the date as <c>yyyy-MM-dd</c> or <c>dd/MM/yyyy</c>, the kind <c>nghỉ</c> (holiday) or
/// <c>làm bù</c> (a worked Saturday; also <c>holiday</c>/<c>working</c>), the name as announced. A header line is optional.</summary>
public static class CalendarCsv
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

    /// <summary>The days, or the problems (each with its line number); a file with any problem yields no day.</summary>
    public static (IReadOnlyList<CalendarDayOverride> Days, IReadOnlyList<string> Problems) Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            IgnoreBlankLines = true,
        };
        using var csv = new CsvReader(reader, configuration);
        var days = new List<CalendarDayOverride>();
        var problems = new List<string>();
        var first = true;
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var fields = csv.Parser.Record ?? [];
            if (fields.All(string.IsNullOrWhiteSpace) || fields[0].StartsWith('#'))
            {
                continue;
            }

            var isHeader = first && !DateOnly.TryParseExact(fields[0], DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            first = false;
            if (isHeader)
            {
                continue;
            }

            if (fields.Length < 3)
            {
                problems.Add($"Dòng {line}: cần 3 cột (ngày, loại, tên), có {fields.Length}.");
                continue;
            }

            if (!DateOnly.TryParseExact(fields[0], DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                problems.Add($"Dòng {line}, cột 1: '{fields[0]}' không phải ngày (yyyy-MM-dd hoặc dd/MM/yyyy).");
                continue;
            }

            if (ParseKind(fields[1]) is not { } kind)
            {
                problems.Add($"Dòng {line}, cột 2: loại '{fields[1]}' không hợp lệ (nghỉ | làm bù).");
                continue;
            }

            days.Add(new CalendarDayOverride(date, kind, fields[2]));
        }

        return problems.Count > 0 ? ([], problems) : (days, problems);
    }

    public static string Write(IEnumerable<CalendarDayOverride> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            csv.WriteField("ngay");
            csv.WriteField("loai");
            csv.WriteField("ten");
            csv.NextRecord();
            foreach (var day in days.OrderBy(d => d.Date))
            {
                csv.WriteField(day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.WriteField(day.Kind == CalendarDayKind.Holiday ? "nghỉ" : "làm bù");
                csv.WriteField(day.Name);
                csv.NextRecord();
            }
        }

        return writer.ToString();
    }

    private static CalendarDayKind? ParseKind(string text) =>
        text.Trim().ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormC) switch
        {
            "nghỉ" or "nghi" or "holiday" or "off" => CalendarDayKind.Holiday,
            "làm bù" or "lam bu" or "làm" or "lam" or "working" or "workingday" or "working day" => CalendarDayKind.WorkingDay,
            _ => null,
        };
}
