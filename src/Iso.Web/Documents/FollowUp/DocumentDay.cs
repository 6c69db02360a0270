using Iso.Web.Cases;

namespace Iso.Web.Documents.FollowUp;

/// <summary>Today as the agency's calendar reads it (the working calendar's zone), from the use case's own clock so
/// that tests can hand a fake one.</summary>
internal static class DocumentDay
{
    public static DateOnly Today(TimeProvider clock, CaseClock zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone.Zone).DateTime);
}
