namespace Iso.Workflows.Calendar;

/// <summary>Where a task or a case stands against its due date.</summary>
public enum DueState
{
    OnTime = 0,
    DueSoon = 1,
    Overdue = 2,
}
