namespace Iso.Workflows.Calendar;

/// <summary>
/// Vietnamese working time: office hours, weekends, public holidays and swapped days.
/// All instants are absolute (<see cref="DateTimeOffset"/>); the calendar works in Asia/Ho_Chi_Minh local time.
/// </summary>
public interface IWorkingCalendar
{
    /// <summary>The moment at which <paramref name="duration"/> of working time has elapsed after <paramref name="start"/>.
    /// A duration that ends exactly at the end of a working period ends there (e.g. 17:00), not at the next morning.</summary>
    DateTimeOffset AddWorkingTime(DateTimeOffset start, WorkingDuration duration);

    /// <summary>The moment from which a file received at <paramref name="received"/> is counted:
    /// after the intake cut-off (15:00) or outside working time it is the start of the next working period.</summary>
    DateTimeOffset ApplyIntake(DateTimeOffset received);

    /// <summary>Working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    WorkingDuration WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to);

    bool IsWorkingDay(DateOnly date);

    /// <summary>Where a task or case due at <paramref name="due"/>, with <paramref name="allotted"/> working time, stands at
    /// <paramref name="now"/>: the product's one <see cref="DueSoonRule"/>, with this calendar's configured fraction.</summary>
    DueState GetDueState(DateTimeOffset now, DateTimeOffset due, WorkingDuration allotted);
}
