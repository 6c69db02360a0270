using Iso.Workflows.Calendar;

namespace Iso.Workflows.Tests.Calendar;

public sealed class CalendarCliTests
{
    private readonly WorkingCalendar _calendar = CalendarTestSupport.Create();

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = CalendarCli.Run(args, _calendar, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("2026-04-24T13:00", "--working-days", "1", "2026-04-28T11:30")]
    [InlineData("2026-03-02T13:00", "--working-hours", "4", "2026-03-02T17:00")]
    [InlineData("2026-03-02T07:30", "--working-days", "0.5", "2026-03-02T11:30")]
    [InlineData("2026-03-02T14:00", "--working-hours", "0.5", "2026-03-02T14:30")]
    [InlineData("2025-04-25T07:30", "--working-days", "3", "2025-04-28T17:00")]
    public void Due_PrintsTheLocalDueMomentOnItsOwnLine(string from, string option, string amount, string expected)
    {
        var (exit, output, error) = Run("due", "--from", from, option, amount);
        Assert.Equal(0, exit);
        Assert.Equal(expected + Environment.NewLine, output);
        Assert.Empty(error);
    }

    [Fact]
    public void Due_WithIntake_CountsFromTheNextWorkingDay()
    {
        // The Cao Bằng 10-day procedure, file received Friday 24/04/2026 at 16:00.
        Assert.Equal(("2026-05-13T17:00" + Environment.NewLine), Run("due", "--from", "2026-04-24T16:00", "--working-days", "10", "--intake").Out);
        // Without the intake rule Friday's last hour counts, so it ends an hour earlier.
        Assert.Equal(("2026-05-13T16:00" + Environment.NewLine), Run("due", "--from", "2026-04-24T16:00", "--working-days", "10").Out);
    }

    [Theory]
    [InlineData(new string[0], "missing command")]
    [InlineData(new[] { "soon" }, "unknown command 'soon'")]
    [InlineData(new[] { "due", "--working-days", "1" }, "--from is required")]
    [InlineData(new[] { "due", "--from", "24/04/2026 13:00", "--working-days", "1" }, "--from '24/04/2026 13:00'")]
    [InlineData(new[] { "due", "--from", "2026-04-24T13:00" }, "--working-hours or --working-days")]
    [InlineData(new[] { "due", "--from", "2026-04-24T13:00", "--working-days", "1", "--working-hours", "2" }, "exactly one of")]
    [InlineData(new[] { "due", "--from", "2026-04-24T13:00", "--working-days", "0,5" }, "--working-days '0,5'")]
    [InlineData(new[] { "due", "--from", "2026-04-24T13:00", "--working-hours", "-4" }, "--working-hours '-4'")]
    [InlineData(new[] { "due", "--from", "2026-04-24T13:00", "--working-days", "400" }, "more than 365")]
    [InlineData(new[] { "due", "--from", "2026-04-24T13:00", "--working-days" }, "--working-days needs a value")]
    [InlineData(new[] { "due", "--from", "--working-days", "1" }, "--from needs a value")]
    [InlineData(new[] { "due", "--from", "2026-04-24T13:00", "--from", "2026-04-24T13:00", "--working-days", "1" }, "--from is given more than once")]
    [InlineData(new[] { "due", "--from", "2026-04-24T13:00", "--working-days", "1", "--fast" }, "unknown argument '--fast'")]
    public void Due_WithBadArguments_ExitsWith2AndNamesTheArgument(string[] args, string expected)
    {
        var (exit, output, error) = Run(args);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
