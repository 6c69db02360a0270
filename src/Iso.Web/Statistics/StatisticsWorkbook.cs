using System.Globalization;
using ClosedXML.Excel;
using Iso.Web.Application;
using Microsoft.Extensions.Localization;

namespace Iso.Web.Statistics;

/// <summary>The statistics as an Excel workbook: a sheet of the rows (by procedure or month) with the total, and a sheet
/// of the steps; counts as numbers, rates as percentages, headers in the reader's language.</summary>
public static class StatisticsWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string FileName(StatisticsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture, $"thong-ke-{report.From:yyyyMMdd}-{report.To:yyyyMMdd}.xlsx");
    }

    public static byte[] Write(StatisticsReport report, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(localizer);
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(localizer["Statistics_SheetFigures"].Value);
        sheet.Cell(1, 1).SetValue(localizer["Statistics_Title"].Value);
        sheet.Cell(1, 1).Style.Font.Bold = true;
        sheet.Cell(2, 1).SetValue(string.IsNullOrEmpty(report.AgencyName) ? localizer["Statistics_AllAgencies"].Value : report.AgencyName);
        sheet.Cell(3, 1).SetValue(string.Create(CultureInfo.InvariantCulture, $"{report.From:dd/MM/yyyy} – {report.To:dd/MM/yyyy}"));
        string[] header =
        [
            localizer[report.By == GetStatistics.ByMonth ? "Statistics_Month" : "Statistics_Procedure"].Value,
            localizer["Statistics_Received"].Value,
            localizer["Statistics_Resolved"].Value,
            localizer["Statistics_ResolvedOnTime"].Value,
            localizer["Statistics_ResolvedLate"].Value,
            localizer["Statistics_InProgress"].Value,
            localizer["Statistics_InProgressOverdue"].Value,
            localizer["Statistics_Late"].Value,
            localizer["Statistics_LateWithApology"].Value,
            localizer["Statistics_OnTimeRate"].Value,
        ];
        const int headerRow = 5;
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(headerRow, c + 1).SetValue(header[c]);
        }

        var r = headerRow + 1;
        foreach (var row in report.Rows)
        {
            WriteRow(sheet, r++, row.Label, row);
        }

        WriteRow(sheet, r, localizer["Statistics_Total"].Value, report.Total);
        sheet.Row(r).Style.Font.Bold = true;
        sheet.Row(headerRow).Style.Font.Bold = true;
        sheet.Column(10).Style.NumberFormat.Format = "0.0%";
        // Fixed widths: measuring text (AdjustToContents) needs GDI+, which a Linux server does not have.
        sheet.Column(1).Width = 60;
        sheet.Columns(2, 10).Width = 16;

        var steps = workbook.Worksheets.Add(localizer["Statistics_SheetSteps"].Value);
        string[] stepHeader =
        [
            localizer["Statistics_Procedure"].Value,
            localizer["Statistics_Step"].Value,
            localizer["Statistics_StepsCompleted"].Value,
            localizer["Statistics_AverageHours"].Value,
            localizer["Statistics_StepsLate"].Value,
            localizer["Statistics_LateShare"].Value,
            localizer["Statistics_Bottleneck"].Value,
        ];
        for (var c = 0; c < stepHeader.Length; c++)
        {
            steps.Cell(1, c + 1).SetValue(stepHeader[c]);
        }

        var s = 2;
        foreach (var step in report.Steps)
        {
            steps.Cell(s, 1).SetValue(step.ProcedureName);
            steps.Cell(s, 2).SetValue(step.StepTitle);
            steps.Cell(s, 3).SetValue(step.Completed);
            steps.Cell(s, 4).SetValue(step.AverageHours);
            steps.Cell(s, 5).SetValue(step.CompletedLate);
            steps.Cell(s, 6).SetValue(step.LateShare);
            steps.Cell(s, 7).SetValue(step.Bottleneck ? localizer["Statistics_BottleneckMark"].Value : string.Empty);
            s++;
        }

        // What the average is: working hours of the calendar, not clock hours (ADR 0030).
        steps.Cell(s + 1, 1).SetValue(localizer["Statistics_AverageHours"].Value + ": " + localizer["Statistics_AverageHoursHint"].Value);
        steps.Cell(s + 1, 1).Style.Font.Italic = true;
        steps.Row(1).Style.Font.Bold = true;
        steps.Column(6).Style.NumberFormat.Format = "0.0%";
        steps.SheetView.FreezeRows(1);
        steps.Column(1).Width = 60;
        steps.Column(2).Width = 45;
        steps.Columns(3, 7).Width = 16;
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void WriteRow(IXLWorksheet sheet, int r, string label, StatisticsRow row)
    {
        // A label starting with = + - @ would be read as a formula: kept as text.
        sheet.Cell(r, 1).SetValue(label);
        sheet.Cell(r, 1).DataType = XLDataType.Text;
        sheet.Cell(r, 2).SetValue(row.Received);
        sheet.Cell(r, 3).SetValue(row.Resolved);
        sheet.Cell(r, 4).SetValue(row.ResolvedOnTime);
        sheet.Cell(r, 5).SetValue(row.ResolvedLate);
        sheet.Cell(r, 6).SetValue(row.InProgress);
        sheet.Cell(r, 7).SetValue(row.InProgressOverdue);
        sheet.Cell(r, 8).SetValue(row.Late);
        sheet.Cell(r, 9).SetValue(row.LateWithApology);
        if (row.OnTimeRate is { } rate)
        {
            sheet.Cell(r, 10).SetValue(rate);
        }
    }
}
