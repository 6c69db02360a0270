using Iso.Web.Calendar;
using Iso.Workflows.Calendar;

namespace Iso.Web.Tests.Calendar;

public sealed class CalendarCsvTests
{
    [Fact]
    public void Parse_AcceptsAHeader_BothDateForms_VietnameseKinds_AndQuotedNamesWithCommas()
    {
        const string csv = """
            ngay,loai,ten
            2027-01-01,nghỉ,Tết Dương lịch
            05/02/2027,nghỉ,"Tết Nguyên đán, 29 tháng Chạp"
            # a comment line
            2027-01-30,làm bù,Làm bù cho ngày 05/02

            """;

        var (days, problems) = CalendarCsv.Parse(new StringReader(csv));

        Assert.Empty(problems);
        Assert.Equal(
            [
                new CalendarDayOverride(new DateOnly(2027, 1, 1), CalendarDayKind.Holiday, "Tết Dương lịch"),
                new CalendarDayOverride(new DateOnly(2027, 2, 5), CalendarDayKind.Holiday, "Tết Nguyên đán, 29 tháng Chạp"),
                new CalendarDayOverride(new DateOnly(2027, 1, 30), CalendarDayKind.WorkingDay, "Làm bù cho ngày 05/02"),
            ],
            days);
    }

    [Fact]
    public void Parse_ReportsEveryBadRowByLineAndColumn_AndReturnsNoDay()
    {
        const string csv = "2027-01-01,nghỉ,Tết Dương lịch\n2027-13-01,nghỉ,Sai tháng\n2027-01-04,nghỉ phép,Sai loại\n2027-01-05,nghỉ\n";

        var (days, problems) = CalendarCsv.Parse(new StringReader(csv));

        Assert.Empty(days);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Dòng 2, cột 1", StringComparison.Ordinal) && p.Contains("2027-13-01", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Dòng 3, cột 2", StringComparison.Ordinal) && p.Contains("nghỉ phép", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Dòng 4", StringComparison.Ordinal) && p.Contains("3 cột", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_ThenParse_GivesTheSameDays()
    {
        var days = StatutoryHolidays.For(2027);

        var (parsed, problems) = CalendarCsv.Parse(new StringReader(CalendarCsv.Write(days)));

        Assert.Empty(problems);
        Assert.Equal(days.OrderBy(d => d.Date), parsed);
    }
}
