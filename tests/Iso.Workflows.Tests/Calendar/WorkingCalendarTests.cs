using Iso.Workflows.Calendar;
using Microsoft.Extensions.Options;
using static Iso.Workflows.Tests.Calendar.CalendarTestSupport;

namespace Iso.Workflows.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private readonly WorkingCalendar _calendar = Create();

    [Fact]
    public void AddWorkingTime_EndingAtTheEndOfTheAfternoon_EndsAt1700NotNextMorning()
    {
        Assert.Equal(At(2026, 3, 2, 17), _calendar.AddWorkingTime(At(2026, 3, 2, 13), WorkingDuration.FromHours(4)));
        Assert.Equal(At(2026, 3, 2, 17), _calendar.AddWorkingTime(At(2026, 3, 2, 7, 30), WorkingDuration.FromDays(1)));
        Assert.Equal(At(2026, 3, 3, 17), _calendar.AddWorkingTime(At(2026, 3, 2, 7, 30), WorkingDuration.FromDays(2)));
    }

    [Fact]
    public void AddWorkingTime_EndingAtTheEndOfTheMorning_EndsAt1130NotAt1300()
    {
        Assert.Equal(At(2026, 3, 2, 11, 30), _calendar.AddWorkingTime(At(2026, 3, 2, 7, 30), WorkingDuration.FromHours(4)));
        Assert.Equal(At(2026, 3, 3, 11, 30), _calendar.AddWorkingTime(At(2026, 3, 2, 13), WorkingDuration.FromDays(1)));
    }

    [Fact]
    public void AddWorkingTime_HalfDay_IsFourWorkingHours()
    {
        Assert.Equal(At(2026, 3, 2, 11, 30), _calendar.AddWorkingTime(At(2026, 3, 2, 7, 30), WorkingDuration.FromDays(0.5m)));
        Assert.Equal(At(2026, 3, 2, 17), _calendar.AddWorkingTime(At(2026, 3, 2, 13), WorkingDuration.FromDays(0.5m)));
        // 14:00 + 4 h: 3 h until 17:00, then 1 h the next morning.
        Assert.Equal(At(2026, 3, 3, 8, 30), _calendar.AddWorkingTime(At(2026, 3, 2, 14), WorkingDuration.FromDays(0.5m)));
        // 10:00 + 4 h: 1.5 h until 11:30, the lunch break skipped, 2.5 h from 13:00.
        Assert.Equal(At(2026, 3, 2, 15, 30), _calendar.AddWorkingTime(At(2026, 3, 2, 10), WorkingDuration.FromDays(0.5m)));
    }

    [Fact]
    public void AddWorkingTime_FractionalHours_AreExact()
    {
        Assert.Equal(At(2026, 3, 2, 7, 45), _calendar.AddWorkingTime(At(2026, 3, 2, 7, 30), WorkingDuration.FromHours(0.25m)));
        Assert.Equal(At(2026, 3, 2, 13, 30), _calendar.AddWorkingTime(At(2026, 3, 2, 11), WorkingDuration.FromHours(1)));
    }

    [Fact]
    public void AddWorkingTime_StartingOutsideWorkingTime_StartsAtTheNextWorkingMoment()
    {
        Assert.Equal(At(2026, 3, 2, 14), _calendar.AddWorkingTime(At(2026, 3, 2, 12), WorkingDuration.FromHours(1)));
        Assert.Equal(At(2026, 3, 3, 11, 30), _calendar.AddWorkingTime(At(2026, 3, 2, 18), WorkingDuration.FromHours(4)));
        Assert.Equal(At(2026, 3, 2, 8, 30), _calendar.AddWorkingTime(At(2026, 3, 2, 6), WorkingDuration.FromHours(1)));
        // Saturday → Monday.
        Assert.Equal(At(2026, 3, 9, 9, 30), _calendar.AddWorkingTime(At(2026, 3, 7, 10), WorkingDuration.FromHours(2)));
    }

    [Fact]
    public void AddWorkingTime_Zero_ReturnsTheStart()
    {
        Assert.Equal(At(2026, 3, 7, 10), _calendar.AddWorkingTime(At(2026, 3, 7, 10), WorkingDuration.Zero));
    }

    [Fact]
    public void AddWorkingTime_AcceptsAnyOffset_AndAnswersInVietnameseTime()
    {
        var utcStart = new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.Zero); // 07:30 in Hà Nội
        var due = _calendar.AddWorkingTime(utcStart, WorkingDuration.FromDays(1));
        Assert.Equal(At(2026, 3, 2, 17), due);
        Assert.Equal(CalendarTestSupport.Vietnam, due.Offset);
    }

    [Fact]
    public void AddWorkingTime_InAZoneWithDaylightSaving_ReadsOfficeHoursInLocalTime()
    {
        // Europe/Paris moves to UTC+2 on Sun 29/03/2026; office hours stay 07:30–17:00 local.
        var calendar = Create(new FixedDataSource(2026), o => o.TimeZoneId = "Europe/Paris");
        var due = calendar.AddWorkingTime(new DateTimeOffset(2026, 3, 27, 13, 0, 0, TimeSpan.FromHours(1)), WorkingDuration.FromDays(1));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 11, 30, 0, TimeSpan.FromHours(2)), due);
        Assert.Equal(TimeSpan.FromHours(2), due.Offset);
    }

    [Fact]
    public void AddWorkingTime_TenWorkingDays_SkipsWeekends()
    {
        // Mon 02/03/2026 07:30 + 10 days → Fri 13/03/2026 17:00.
        Assert.Equal(At(2026, 3, 13, 17), _calendar.AddWorkingTime(At(2026, 3, 2, 7, 30), WorkingDuration.FromDays(10)));
    }

    [Fact]
    public void AddWorkingTime_AcrossTet2025_SkipsTheWholeBreak()
    {
        // Tết 2025: off Sat 25/01 – Sun 02/02.
        Assert.Equal(At(2025, 2, 3, 11, 30), _calendar.AddWorkingTime(At(2025, 1, 24, 13), WorkingDuration.FromDays(1)));
        Assert.Equal(At(2025, 2, 3, 7, 30), _calendar.ApplyIntake(At(2025, 1, 24, 15, 30)));
        Assert.Equal(WorkingDuration.FromHours(16), _calendar.WorkingTimeBetween(At(2025, 1, 24, 7, 30), At(2025, 2, 3, 17)));
    }

    [Fact]
    public void AddWorkingTime_AcrossTet2026_SkipsTheWholeBreak()
    {
        // Tết 2026: off Sat 14/02 – Sun 22/02.
        Assert.Equal(At(2026, 2, 23, 17), _calendar.AddWorkingTime(At(2026, 2, 13, 7, 30), WorkingDuration.FromDays(2)));
        for (var day = new DateOnly(2026, 2, 14); day <= new DateOnly(2026, 2, 22); day = day.AddDays(1))
        {
            Assert.False(_calendar.IsWorkingDay(day), $"{day} is in the Tết 2026 break");
        }
    }

    [Fact]
    public void AddWorkingTime_AcrossGioTo2025_SkipsMonday0704()
    {
        Assert.False(_calendar.IsWorkingDay(new DateOnly(2025, 4, 7)));
        Assert.Equal(At(2025, 4, 8, 11, 30), _calendar.AddWorkingTime(At(2025, 4, 4, 13), WorkingDuration.FromDays(1)));
    }

    [Fact]
    public void AddWorkingTime_AcrossGioTo2026_SkipsTheReplacementMonday2704()
    {
        Assert.False(_calendar.IsWorkingDay(new DateOnly(2026, 4, 27)));
        Assert.Equal(At(2026, 4, 28, 11, 30), _calendar.AddWorkingTime(At(2026, 4, 24, 13), WorkingDuration.FromDays(1)));
        Assert.Equal(At(2026, 4, 28, 7, 30), _calendar.ApplyIntake(At(2026, 4, 24, 16)));
    }

    [Fact]
    public void AddWorkingTime_Around30April2025_CountsTheMakeUpSaturday()
    {
        Assert.True(_calendar.IsWorkingDay(new DateOnly(2025, 4, 26)));
        Assert.False(_calendar.IsWorkingDay(new DateOnly(2025, 5, 2)));
        // Fri 25/04, Sat 26/04 (made up), Mon 28/04.
        Assert.Equal(At(2025, 4, 28, 17), _calendar.AddWorkingTime(At(2025, 4, 25, 7, 30), WorkingDuration.FromDays(3)));
        // … Tue 29/04, then off 30/04 – 04/05, then Mon 05/05.
        Assert.Equal(At(2025, 5, 5, 17), _calendar.AddWorkingTime(At(2025, 4, 25, 7, 30), WorkingDuration.FromDays(5)));
    }

    [Fact]
    public void AddWorkingTime_AroundNationalDay2026_CountsTheMakeUpSaturday2208()
    {
        Assert.True(_calendar.IsWorkingDay(new DateOnly(2026, 8, 22)));
        Assert.False(_calendar.IsWorkingDay(new DateOnly(2026, 8, 31)));
        Assert.Equal(At(2026, 8, 22, 11, 30), _calendar.AddWorkingTime(At(2026, 8, 21, 13), WorkingDuration.FromDays(1)));
        // Fri 28/08, then off Sat 29/08 – Wed 02/09, then Thu 03/09.
        Assert.Equal(At(2026, 9, 3, 17), _calendar.AddWorkingTime(At(2026, 8, 28, 7, 30), WorkingDuration.FromDays(2)));
    }

    [Fact]
    public void AddWorkingTime_AcrossTheNewYear_UsesTheComputedNextYear()
    {
        // 31/12/2026 Thu afternoon, 01/01/2027 (Fri) off, weekend → Mon 04/01/2027.
        Assert.Equal(At(2027, 1, 4, 11, 30), _calendar.AddWorkingTime(At(2026, 12, 31, 13), WorkingDuration.FromDays(1)));
        Assert.Equal(WorkingDuration.FromHours(8), _calendar.WorkingTimeBetween(At(2025, 12, 31, 13), At(2026, 1, 2, 11, 30)));
    }

    [Fact]
    public void AddWorkingTime_CaoBangProcedureReceivedFridayAfternoon_IsDueTenWorkingDaysAfterTheHolidays()
    {
        var counted = _calendar.ApplyIntake(At(2026, 4, 24, 16));
        // Tue 28, Wed 29 (30/04 – 03/05 off), 04–08/05, 11–13/05.
        Assert.Equal(At(2026, 5, 13, 17), _calendar.AddWorkingTime(counted, WorkingDuration.FromDays(10)));
    }

    [Theory]
    [InlineData(2026, 3, 2, 15, 30, 2026, 3, 3, 7, 30)] // after the cut-off → next morning
    [InlineData(2026, 3, 6, 16, 0, 2026, 3, 9, 7, 30)] // Friday afternoon → Monday
    [InlineData(2026, 3, 2, 6, 45, 2026, 3, 2, 7, 30)] // before office hours → same day 07:30
    [InlineData(2026, 3, 2, 12, 0, 2026, 3, 2, 13, 0)] // lunch break → 13:00
    [InlineData(2026, 3, 2, 10, 0, 2026, 3, 2, 10, 0)] // in office hours → as received
    [InlineData(2026, 3, 2, 15, 0, 2026, 3, 2, 15, 0)] // exactly 15:00 is not after the cut-off
    [InlineData(2026, 3, 8, 9, 0, 2026, 3, 9, 7, 30)] // Sunday → Monday
    [InlineData(2026, 1, 1, 9, 0, 2026, 1, 2, 7, 30)] // holiday → next working day
    [InlineData(2026, 8, 21, 17, 30, 2026, 8, 22, 7, 30)] // Friday evening → the make-up Saturday
    public void ApplyIntake_MovesTheStartToTheNextWorkingPeriod(int y, int mo, int d, int h, int mi, int ey, int emo, int ed, int eh, int emi)
    {
        Assert.Equal(At(ey, emo, ed, eh, emi), _calendar.ApplyIntake(At(y, mo, d, h, mi)));
    }

    [Fact]
    public void ApplyIntake_AnswersInVietnameseTime()
    {
        var received = new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero); // 10:00 in Hà Nội
        var counted = _calendar.ApplyIntake(received);
        Assert.Equal(received, counted);
        Assert.Equal(CalendarTestSupport.Vietnam, counted.Offset);
    }

    [Fact]
    public void WorkingTimeBetween_IsZeroWhenToIsNotAfterFrom()
    {
        Assert.Equal(WorkingDuration.Zero, _calendar.WorkingTimeBetween(At(2026, 3, 2, 10), At(2026, 3, 2, 9)));
        Assert.Equal(WorkingDuration.Zero, _calendar.WorkingTimeBetween(At(2026, 3, 7, 8), At(2026, 3, 8, 16)));
    }

    [Fact]
    public void AddWorkingTime_AgreesWithAMinuteByMinuteWalk()
    {
        var random = new Random(20261128);
        for (var i = 0; i < 150; i++)
        {
            var start = At(2025, 1, 1, 0).AddDays(random.Next(0, 730)).AddMinutes(15 * random.Next(0, 96));
            var minutes = 15 * random.Next(1, 8 * 4 * 4);
            var expected = WalkMinutes(start, minutes);
            var actual = _calendar.AddWorkingTime(start, WorkingDuration.FromHours(minutes / 60m));
            Assert.True(expected == actual, $"start {start:yyyy-MM-dd HH:mm} + {minutes} min: expected {expected:yyyy-MM-dd HH:mm}, got {actual:yyyy-MM-dd HH:mm}");
            Assert.Equal(minutes / 60m, _calendar.WorkingTimeBetween(start, actual).Hours);
        }
    }

    [Fact]
    public void EnteredYear_OverridesTheComputedDefaultCompletely()
    {
        // 2025 computed would give Sat 26/04 off; the published data makes it a working day.
        Assert.True(_calendar.IsWorkingDay(new DateOnly(2025, 4, 26)));

        var empty = Create(new FixedDataSource(2027));
        Assert.True(empty.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.False(Create().IsWorkingDay(new DateOnly(2027, 1, 1)));
    }

    [Fact]
    public void Invalidate_ReReadsTheYearFromTheDataSource()
    {
        var source = new MutableSource();
        var calendar = Create(source);
        Assert.True(calendar.IsWorkingDay(new DateOnly(2030, 3, 4)));
        source.Days = [new CalendarDayOverride(new DateOnly(2030, 3, 4), CalendarDayKind.Holiday, "Nghỉ")];
        Assert.True(calendar.IsWorkingDay(new DateOnly(2030, 3, 4)));
        calendar.Invalidate(2030);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2030, 3, 4)));
    }

    [Fact]
    public void CustomOfficeHoursAndSaturdays_AreRespected()
    {
        var calendar = Create(new FixedDataSource(2026), o =>
        {
            o.OfficeHours = "08:00-12:00; 13:30-17:30";
            o.WorkingDays = "Monday, Tuesday, Wednesday, Thursday, Friday, Saturday";
        });
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 3, 7)));
        Assert.Equal(At(2026, 3, 7, 12), calendar.AddWorkingTime(At(2026, 3, 6, 13, 30), WorkingDuration.FromHours(8)));
        Assert.Equal(At(2026, 3, 7, 8), calendar.ApplyIntake(At(2026, 3, 6, 15, 30)));
    }

    [Fact]
    public void Constructor_WithInvalidOptions_ThrowsNamingTheProblem()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Create(configure: o => o.OfficeHours = "13:00-17:00, 07:30-11:30"));
        Assert.Contains("OfficeHours", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetDueState_MovesFromOnTimeToDueSoonToOverdue()
    {
        var start = At(2026, 3, 2, 7, 30);
        var due = _calendar.AddWorkingTime(start, WorkingDuration.FromDays(10)); // Fri 13/03 17:00, 80 h
        Assert.Equal(DueState.OnTime, _calendar.GetDueState(At(2026, 3, 2, 10), start, due));
        Assert.Equal(DueState.OnTime, _calendar.GetDueState(At(2026, 3, 11, 11), start, due)); // 20.5 h left
        Assert.Equal(DueState.DueSoon, _calendar.GetDueState(At(2026, 3, 11, 13), start, due)); // 20 h = 25 % left
        Assert.Equal(DueState.DueSoon, _calendar.GetDueState(due, start, due));
        Assert.Equal(DueState.Overdue, _calendar.GetDueState(due.AddMinutes(1), start, due));
    }

    [Fact]
    public void GetDueState_ShortTask_IsNotDueSoonFromItsStart()
    {
        var start = At(2026, 3, 2, 7, 30);
        var due = At(2026, 3, 2, 11, 30); // half a day; threshold = half of it (2 h), not 4 h
        Assert.Equal(DueState.OnTime, _calendar.GetDueState(At(2026, 3, 2, 8), start, due));
        Assert.Equal(DueState.DueSoon, _calendar.GetDueState(At(2026, 3, 2, 9, 30), start, due));
    }

    [Fact]
    public void GetDueState_FollowsTheConfiguredDueSoonFraction()
    {
        var start = At(2026, 3, 2, 7, 30);
        var due = _calendar.AddWorkingTime(start, WorkingDuration.FromDays(10)); // Fri 13/03 17:00, 80 h
        var halfway = Create(configure: o => o.DueSoonFraction = 0.5m);
        var now = At(2026, 3, 9, 9); // 38.5 h left: within half, not within a quarter

        Assert.Equal(DueState.DueSoon, halfway.GetDueState(now, start, due));
        Assert.Equal(DueState.OnTime, _calendar.GetDueState(now, start, due));
    }

    [Fact]
    public void GetDueState_FollowsTheConfiguredMinimumHours()
    {
        var start = At(2026, 3, 2, 7, 30);
        var due = _calendar.AddWorkingTime(start, WorkingDuration.FromDays(2)); // Tue 03/03 17:00, 16 h
        var now = At(2026, 3, 3, 10, 30); // 5.5 h left: more than a quarter (4 h) and than the default minimum (4 h)

        Assert.Equal(DueState.OnTime, _calendar.GetDueState(now, start, due));
        Assert.Equal(DueState.DueSoon, Create(configure: o => o.DueSoonMinimumHours = 6m).GetDueState(now, start, due));
    }

    [Fact]
    public void GetDaysOf_ReturnsEnteredOrComputedDays()
    {
        Assert.Contains(_calendar.GetDaysOf(2025), d => d.Date == new DateOnly(2025, 4, 26) && d.Kind == CalendarDayKind.WorkingDay);
        Assert.Contains(_calendar.GetDaysOf(2027), d => d.Date == new DateOnly(2027, 2, 6) && d.Kind == CalendarDayKind.Holiday);
    }

    private DateTimeOffset WalkMinutes(DateTimeOffset start, int minutes)
    {
        var t = start;
        while (true)
        {
            var tod = TimeOnly.FromTimeSpan(t.TimeOfDay);
            var inPeriod = (tod >= new TimeOnly(7, 30) && tod < new TimeOnly(11, 30)) || (tod >= new TimeOnly(13, 0) && tod < new TimeOnly(17, 0));
            var working = inPeriod && _calendar.IsWorkingDay(DateOnly.FromDateTime(t.DateTime));
            t = t.AddMinutes(1);
            if (working && --minutes == 0)
            {
                return t;
            }
        }
    }

    private sealed class MutableSource : ICalendarDataSource
    {
        public IReadOnlyList<CalendarDayOverride> Days { get; set; } = [];

        public IReadOnlyList<CalendarDayOverride>? GetYear(int year) => year == 2030 ? Days : null;
    }
}
