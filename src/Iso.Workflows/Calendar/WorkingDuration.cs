namespace Iso.Workflows.Calendar;

/// <summary>
/// A length of working time. One working day is <see cref="HoursPerDay"/> working hours,
/// so 0.5 day equals 4 hours, as Vietnamese internal procedures count it.
/// </summary>
public readonly record struct WorkingDuration(decimal Hours) : IComparable<WorkingDuration>
{
    public const decimal HoursPerDay = 8m;

    public static WorkingDuration Zero => new(0m);

    public decimal Days => Hours / HoursPerDay;

    public TimeSpan AsTimeSpan => TimeSpan.FromMinutes((double)(Hours * 60m));

    public static WorkingDuration FromHours(decimal hours) =>
        hours < 0 ? throw new ArgumentOutOfRangeException(nameof(hours), hours, "A working duration cannot be negative.") : new(hours);

    public static WorkingDuration FromDays(decimal days) =>
        days < 0 ? throw new ArgumentOutOfRangeException(nameof(days), days, "A working duration cannot be negative.") : new(days * HoursPerDay);

    public int CompareTo(WorkingDuration other) => Hours.CompareTo(other.Hours);

    public static WorkingDuration operator +(WorkingDuration a, WorkingDuration b) => new(a.Hours + b.Hours);

    public static bool operator <(WorkingDuration a, WorkingDuration b) => a.Hours < b.Hours;

    public static bool operator >(WorkingDuration a, WorkingDuration b) => a.Hours > b.Hours;

    public static bool operator <=(WorkingDuration a, WorkingDuration b) => a.Hours <= b.Hours;

    public static bool operator >=(WorkingDuration a, WorkingDuration b) => a.Hours >= b.Hours;
}
