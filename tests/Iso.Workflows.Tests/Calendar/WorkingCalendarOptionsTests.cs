using Iso.Workflows.Calendar;

namespace Iso.Workflows.Tests.Calendar;

public sealed class WorkingCalendarOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndAreTheVietnameseOfficeHours()
    {
        var options = new WorkingCalendarOptions();
        Assert.Empty(options.Validate());
        Assert.Equal([new OfficePeriod(new TimeOnly(7, 30), new TimeOnly(11, 30)), new OfficePeriod(new TimeOnly(13, 0), new TimeOnly(17, 0))], options.ParseOfficeHours());
        Assert.Equal(5, options.ParseWorkingDays().Count);
    }

    [Theory]
    [InlineData("07:30-11:30, 11:00-17:00", "must start at or after the end of 07:30-11:30")]
    [InlineData("13:00-17:00, 07:30-11:30", "must start at or after the end of 13:00-17:00")]
    [InlineData("07:30-07:30", "07:30-07:30 is empty")]
    [InlineData("11:30-07:30", "ends before it starts")]
    [InlineData("7h30-11h30", "'7h30-11h30' is not a period")]
    [InlineData("", "at least one office period")]
    public void Validate_BadOfficeHours_SaysWhatIsWrong(string officeHours, string expected)
    {
        var errors = new WorkingCalendarOptions { OfficeHours = officeHours }.Validate();
        Assert.Contains(errors, e => e.StartsWith("Iso:Calendar:OfficeHours", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_OtherBadValues_AreEachReported()
    {
        var errors = new WorkingCalendarOptions
        {
            WorkingDays = "Monday, Funday",
            DueSoonFraction = 1.5m,
            DueSoonMinimumHours = -1m,
            TimeZoneId = "Mars/Olympus",
        }.Validate();
        Assert.Contains(errors, e => e.Contains("WorkingDays: 'Funday'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("DueSoonFraction", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("DueSoonMinimumHours", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Mars/Olympus", StringComparison.Ordinal));
    }
}
