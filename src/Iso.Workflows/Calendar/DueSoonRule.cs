namespace Iso.Workflows.Calendar;

/// <summary>
/// The one "due soon" rule of the product, for tasks and cases alike: overdue after the due moment; due soon when the
/// working time left is at most <see cref="Fraction"/> of the allotted working time, or <see cref="MinimumHours"/>
/// if that is more, but never more than half the allotted time (so a half-day step does not start out "due soon").
/// Configured by <see cref="WorkingCalendarOptions.DueSoonFraction"/> and <see cref="WorkingCalendarOptions.DueSoonMinimumHours"/>.
/// </summary>
public readonly record struct DueSoonRule(decimal Fraction, decimal MinimumHours)
{
    /// <summary>The defaults of <see cref="WorkingCalendarOptions"/>: the last quarter, at least 4 working hours.</summary>
    public static DueSoonRule Default { get; } = new(0.25m, 4m);

    /// <summary>Working hours before the due moment from which a step of <paramref name="allotted"/> working time is due soon.</summary>
    public decimal ThresholdHours(WorkingDuration allotted) =>
        Math.Max(allotted.Hours * Fraction, Math.Min(MinimumHours, allotted.Hours / 2m));

    /// <summary>Where a step due at <paramref name="due"/> with <paramref name="allotted"/> working time stands at
    /// <paramref name="now"/>, with <paramref name="remaining"/> working time left until <paramref name="due"/>.</summary>
    public DueState Evaluate(DateTimeOffset now, DateTimeOffset due, WorkingDuration allotted, WorkingDuration remaining) =>
        now > due ? DueState.Overdue
        : remaining.Hours <= ThresholdHours(allotted) ? DueState.DueSoon
        : DueState.OnTime;
}
