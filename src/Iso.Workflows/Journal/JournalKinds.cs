namespace Iso.Workflows.Journal;

/// <summary>The kinds of journal events the engine writes.</summary>
public static class JournalKinds
{
    public const string CaseStarted = "CaseStarted";
    public const string CaseCompleted = "CaseCompleted";
    public const string CaseCancelled = "CaseCancelled";
    public const string CaseOverdue = "CaseOverdue";

    /// <summary>The case moved to another agency (a merge); data: <c>{"from":…,"to":…,"tasks":n}</c>.</summary>
    public const string CaseTransferred = "CaseTransferred";
    public const string TaskCreated = "TaskCreated";
    public const string TaskClaimed = "TaskClaimed";
    public const string TaskReassigned = "TaskReassigned";
    public const string TaskReleased = "TaskReleased";
    public const string CaseFaulted = "CaseFaulted";
    public const string CaseFaultRetried = "CaseFaultRetried";
    public const string TaskCompleted = "TaskCompleted";
    public const string TaskCancelled = "TaskCancelled";
    public const string TaskOverdue = "TaskOverdue";
    public const string DecisionTaken = "DecisionTaken";
    public const string ForkOpened = "ForkOpened";
    public const string JoinPassed = "JoinPassed";
    public const string TimerScheduled = "TimerScheduled";
    public const string TimerFired = "TimerFired";
    public const string ActionExecuted = "ActionExecuted";
    public const string NotificationSent = "NotificationSent";

    /// <summary>An apology letter was drafted or edited; data: <c>{"apologyId":…,"newAppointmentAt":…}</c>.</summary>
    public const string ApologyDrafted = "ApologyDrafted";

    /// <summary>A leader issued (signed) the apology letter; data: <c>{"apologyId":…,"newAppointmentAt":…}</c>.</summary>
    public const string ApologyIssued = "ApologyIssued";
}
