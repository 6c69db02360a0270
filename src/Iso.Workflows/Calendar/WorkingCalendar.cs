using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Iso.Workflows.Calendar;

/// <summary>
/// Vietnamese working time over precomputed per-year day tables: adding or measuring working time costs
/// a few array look-ups and a binary search, never a walk minute by minute or day by day.
/// A year comes from <see cref="ICalendarDataSource"/> when an administrator entered it, otherwise from
/// <see cref="StatutoryHolidays"/>. Durations are counted in hours (<see cref="WorkingDuration.HoursPerDay"/> = 8 per day).
/// </summary>
public sealed class WorkingCalendar : IWorkingCalendar
{
    private readonly ICalendarDataSource _dataSource;
    private readonly OfficePeriod[] _periods;
    private readonly long[] _periodStarts;
    private readonly long[] _periodLengths;
    private readonly long _dayTicks;
    private readonly IReadOnlySet<DayOfWeek> _workingDays;
    private readonly long _intakeCutoff;
    private readonly DueSoonRule _dueSoon;
    private readonly ConcurrentDictionary<int, YearTable> _years = new();
    private readonly DateTime _fixedOffsetSinceUtc;
    private readonly DateTime _fixedOffsetSinceLocal;
    private readonly TimeSpan _fixedOffset;
    private YearTable? _lastTable;
    private long _dataVersion;

    public WorkingCalendar(IOptions<WorkingCalendarOptions> options, ICalendarDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataSource);
        var value = options.Value;
        var errors = value.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(WorkingCalendarOptions), errors);
        }

        _dataSource = dataSource;
        _periods = [.. value.ParseOfficeHours()];
        _periodStarts = [.. _periods.Select(p => p.Start.Ticks)];
        _periodLengths = [.. _periods.Select(p => p.Length.Ticks)];
        _dayTicks = _periodLengths.Sum();
        _workingDays = value.ParseWorkingDays();
        _intakeCutoff = value.IntakeCutoff.Ticks;
        _dueSoon = new DueSoonRule(value.DueSoonFraction, value.DueSoonMinimumHours);
        WorkingCalendarOptions.TryResolveTimeZone(value.TimeZoneId, out var zone);
        TimeZone = zone;

        // Vietnam has kept UTC+7 without daylight saving since 1975: after a zone's last rule its offset is fixed,
        // so the hot path adds the offset instead of asking TimeZoneInfo (about half the cost of a call).
        var rules = zone.GetAdjustmentRules();
        var lastChange = rules.Length == 0 ? DateTime.MinValue : rules.Max(r => r.DateEnd);
        _fixedOffsetSinceUtc = lastChange >= DateTime.MaxValue.AddDays(-2) ? DateTime.MaxValue : lastChange.Date.AddDays(2);
        _fixedOffset = zone.BaseUtcOffset;
        _fixedOffsetSinceLocal = _fixedOffsetSinceUtc == DateTime.MinValue || _fixedOffsetSinceUtc == DateTime.MaxValue
            ? _fixedOffsetSinceUtc
            : _fixedOffsetSinceUtc + _fixedOffset;
    }

    /// <summary>The zone in which office hours are read (Asia/Ho_Chi_Minh by default).</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Working time in one full working day (8 hours with the default office hours).</summary>
    public TimeSpan WorkingDayLength => TimeSpan.FromTicks(_dayTicks);

    public DateTimeOffset AddWorkingTime(DateTimeOffset start, WorkingDuration duration)
    {
        var ticks = ToTicks(duration);
        if (ticks == 0)
        {
            return start;
        }

        var (date, timeOfDay) = ToLocal(start);
        var need = ticks;
        if (IsWorkingDay(date))
        {
            need += WorkedBefore(timeOfDay);
            if (need <= _dayTicks)
            {
                return At(date, TimeOfWork(need));
            }

            need -= _dayTicks;
        }

        // need > 0: it ends on the k-th working day after `date`, `rest` into that day's working time.
        var k = ((need - 1) / _dayTicks) + 1;
        var rest = need - ((k - 1) * _dayTicks);
        return At(NthWorkingDayAfter(date, k), TimeOfWork(rest));
    }

    public DateTimeOffset ApplyIntake(DateTimeOffset received)
    {
        var (date, timeOfDay) = ToLocal(received);
        if (IsWorkingDay(date) && timeOfDay <= _intakeCutoff)
        {
            for (var i = 0; i < _periods.Length; i++)
            {
                if (timeOfDay < _periodStarts[i] + _periodLengths[i])
                {
                    return timeOfDay <= _periodStarts[i] ? At(date, _periodStarts[i]) : TimeZoneInfo.ConvertTime(received, TimeZone);
                }
            }
        }

        return At(NthWorkingDayAfter(date, 1), _periodStarts[0]);
    }

    public WorkingDuration WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return WorkingDuration.Zero;
        }

        var (fromDate, fromTime) = ToLocal(from);
        var (toDate, toTime) = ToLocal(to);
        var ticks = (WorkingDaysBetween(fromDate, toDate) * _dayTicks)
            - (IsWorkingDay(fromDate) ? WorkedBefore(fromTime) : 0)
            + (IsWorkingDay(toDate) ? WorkedBefore(toTime) : 0);
        return WorkingDuration.FromHours((decimal)ticks / TimeSpan.TicksPerHour);
    }

    public bool IsWorkingDay(DateOnly date) => Table(date.Year).Working[date.DayOfYear - 1];

    /// <summary>The configured <see cref="DueSoonRule"/> (<see cref="WorkingCalendarOptions.DueSoonFraction"/>,
    /// <see cref="WorkingCalendarOptions.DueSoonMinimumHours"/>).</summary>
    public DueSoonRule DueSoon => _dueSoon;

    public DueState GetDueState(DateTimeOffset now, DateTimeOffset due, WorkingDuration allotted) =>
        _dueSoon.Evaluate(now, due, allotted, now > due ? WorkingDuration.Zero : WorkingTimeBetween(now, due));

    /// <summary>Where a task counted from <paramref name="start"/> and due at <paramref name="due"/> stands at
    /// <paramref name="now"/> (the allotted time is the working time between the two; see <see cref="DueSoonRule"/>).</summary>
    public DueState GetDueState(DateTimeOffset now, DateTimeOffset start, DateTimeOffset due) =>
        GetDueState(now, due, WorkingTimeBetween(start, due));

    /// <summary>The days of <paramref name="year"/> that differ from the weekday rule: entered, or computed when nobody entered the year.</summary>
    public IReadOnlyList<CalendarDayOverride> GetDaysOf(int year) => Table(year).Days;

    /// <summary>Forgets the cached table of <paramref name="year"/> after an administrator changed its days.</summary>
    public void Invalidate(int year)
    {
        _years.TryRemove(year, out _);
        Volatile.Write(ref _lastTable, null);
    }

    /// <summary>Forgets every cached year.</summary>
    public void InvalidateAll()
    {
        _years.Clear();
        Volatile.Write(ref _lastTable, null);
    }

    private static long ToTicks(WorkingDuration duration)
    {
        // 100 years of working days is far beyond any procedure; the bound keeps the tick arithmetic exact.
        if (duration.Hours is < 0m or > 100m * 366m * 24m)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration.Hours, "A working duration must be between 0 and 100 years of working time.");
        }

        return (long)decimal.Round(duration.Hours * TimeSpan.TicksPerHour);
    }

    private (DateOnly Date, long TimeOfDay) ToLocal(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var local = utc >= _fixedOffsetSinceUtc ? utc + _fixedOffset : TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;
        return (DateOnly.FromDateTime(local), local.TimeOfDay.Ticks);
    }

    private DateTimeOffset At(DateOnly date, long timeOfDay)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).AddTicks(timeOfDay);
        var offset = local >= _fixedOffsetSinceLocal ? _fixedOffset : TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>Working time of a working day elapsed before <paramref name="timeOfDay"/>.</summary>
    private long WorkedBefore(long timeOfDay)
    {
        long worked = 0;
        for (var i = 0; i < _periods.Length; i++)
        {
            worked += Math.Clamp(timeOfDay - _periodStarts[i], 0, _periodLengths[i]);
        }

        return worked;
    }

    /// <summary>The earliest time of day at which <paramref name="worked"/> (0 &lt; worked ≤ day) has elapsed,
    /// so work that fills a period ends at that period's end (11:30, 17:00), not at the next start.</summary>
    private long TimeOfWork(long worked)
    {
        for (var i = 0; i < _periods.Length; i++)
        {
            if (worked <= _periodLengths[i])
            {
                return _periodStarts[i] + worked;
            }

            worked -= _periodLengths[i];
        }

        throw new InvalidOperationException("Working time beyond one working day cannot fall within a day.");
    }

    /// <summary>Number of working days in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private long WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to <= from)
        {
            return 0;
        }

        var first = Table(from.Year);
        if (from.Year == to.Year)
        {
            return first.CountBefore[to.DayOfYear - 1] - first.CountBefore[from.DayOfYear - 1];
        }

        long count = first.Total - first.CountBefore[from.DayOfYear - 1];
        for (var year = from.Year + 1; year < to.Year; year++)
        {
            count += Table(year).Total;
        }

        return count + Table(to.Year).CountBefore[to.DayOfYear - 1];
    }

    /// <summary>The <paramref name="n"/>-th working day after <paramref name="date"/> (n ≥ 1).</summary>
    private DateOnly NthWorkingDayAfter(DateOnly date, long n)
    {
        var year = date.Year;
        var table = Table(year);
        var index = date.DayOfYear; // zero-based index of the next day
        while (true)
        {
            var before = table.CountBefore[index];
            var available = table.Total - before;
            if (n <= available)
            {
                // Lower bound: the first j with CountBefore[j] >= before + n; day j-1 is the n-th working day.
                var target = before + n;
                int lo = index + 1, hi = table.Working.Length;
                while (lo < hi)
                {
                    var mid = (lo + hi) >>> 1;
                    if (table.CountBefore[mid] >= target)
                    {
                        hi = mid;
                    }
                    else
                    {
                        lo = mid + 1;
                    }
                }

                return table.First.AddDays(lo - 1);
            }

            n -= available;
            if (++year > DateOnly.MaxValue.Year - 1)
            {
                throw new ArgumentOutOfRangeException(nameof(n), "The working time ends beyond the supported calendar.");
            }

            table = Table(year);
            index = 0;
        }
    }

    private YearTable Table(int year)
    {
        var version = _dataSource.Version;
        if (version != Volatile.Read(ref _dataVersion))
        {
            // The entered days changed (an administrator's edit, here or on another node): rebuild from them.
            InvalidateAll();
            Volatile.Write(ref _dataVersion, version);
        }

        // Most look-ups hit the same year in a row; one volatile read saves a dictionary look-up.
        var last = Volatile.Read(ref _lastTable);
        if (last is not null && last.First.Year == year)
        {
            return last;
        }

        var table = _years.GetOrAdd(year, BuildYear);
        Volatile.Write(ref _lastTable, table);
        return table;
    }

    private YearTable BuildYear(int year)
    {
        var days = _dataSource.GetYear(year) ?? StatutoryHolidays.For(year, [.. _workingDays]);
        var first = new DateOnly(year, 1, 1);
        var length = DateTime.IsLeapYear(year) ? 366 : 365;
        var working = new bool[length];
        for (var i = 0; i < length; i++)
        {
            working[i] = _workingDays.Contains(first.AddDays(i).DayOfWeek);
        }

        foreach (var day in days)
        {
            if (day.Date.Year == year)
            {
                working[day.Date.DayOfYear - 1] = day.Kind == CalendarDayKind.WorkingDay;
            }
        }

        var countBefore = new int[length + 1];
        for (var i = 0; i < length; i++)
        {
            countBefore[i + 1] = countBefore[i] + (working[i] ? 1 : 0);
        }

        return new YearTable(first, working, countBefore, [.. days.OrderBy(d => d.Date)]);
    }

    private sealed record YearTable(DateOnly First, bool[] Working, int[] CountBefore, IReadOnlyList<CalendarDayOverride> Days)
    {
        public int Total => CountBefore[^1];
    }
}
