using Iso.Workflows.Calendar;

namespace Iso.Workflows.Tests.TestSupport;

/// <summary>A calendar where every hour is working time, so expected due moments are plain arithmetic.
/// Intake: a file received at 15:00 UTC or later counts from 00:00 UTC of the next day.</summary>
public sealed class FakeWorkingCalendar : IWorkingCalendar
{
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, WorkingDuration duration) => start + duration.AsTimeSpan;

    public DateTimeOffset ApplyIntake(DateTimeOffset received) =>
        received.ToUniversalTime().Hour >= 15 ? new DateTimeOffset(received.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) : received;

    public WorkingDuration WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? WorkingDuration.Zero : WorkingDuration.FromHours((decimal)(to - from).TotalHours);

    public bool IsWorkingDay(DateOnly date) => true;

    public DueSoonRule DueSoon { get; init; } = DueSoonRule.Default;

    public DueState GetDueState(DateTimeOffset now, DateTimeOffset due, WorkingDuration allotted) =>
        DueSoon.Evaluate(now, due, allotted, WorkingTimeBetween(now, due));
}
