using Iso.Web.Application;
using Iso.Workflows.Calendar;

namespace Iso.Web.Calendar;

/// <summary>A day of a calendar year as the API takes and gives it: <c>kind</c> is <c>holiday</c> or <c>workingDay</c>.</summary>
public sealed record CalendarDayDto(DateOnly Date, string? Kind, string? Name);

public sealed record CalendarYearRequest(IReadOnlyList<CalendarDayDto>? Days);

/// <summary><c>/api/v1/admin/calendar/{year}</c>: read, check and enter a year's official days off and make-up working days.</summary>
internal static class CalendarEndpoints
{
    public static RouteGroupBuilder MapCalendarEndpoints(this RouteGroupBuilder api)
    {
        var calendar = api.MapGroup("/admin/calendar").WithTags("Administration");
        calendar.MapGet("/{year:int}", GetAsync)
            .WithSummary("The year's entered days (if any) beside the default computed from the Labour Code.")
            .Produces<CalendarYearView>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        calendar.MapPost("/{year:int}/preview", PreviewAsync)
            .WithSummary("Checks the days and lists the due moments already given that they would move (nothing is stored).")
            .Produces<IReadOnlyList<DueChange>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        calendar.MapPut("/{year:int}", SaveAsync)
            .WithSummary("Makes the days the year's schedule; due moments already given stay as they are and are listed.")
            .Produces<IReadOnlyList<DueChange>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        calendar.MapGet("/{year:int}/history", HistoryAsync)
            .WithSummary("Who changed the year's days and when, newest first.")
            .Produces<IReadOnlyList<CalendarChange>>();
        return api;
    }

    private static async Task<IResult> GetAsync(int year, Caller caller, WorkingCalendarAdministration calendar) =>
        (await calendar.GetYearAsync(caller, year)).ToHttpResult();

    private static async Task<IResult> PreviewAsync(int year, CalendarYearRequest request, Caller caller, WorkingCalendarAdministration calendar, CancellationToken cancellationToken) =>
        ToDays(request) is { } days
            ? (await calendar.PreviewAsync(caller, year, days, cancellationToken)).ToHttpResult()
            : BadKind();

    private static async Task<IResult> SaveAsync(int year, CalendarYearRequest request, Caller caller, WorkingCalendarAdministration calendar, CancellationToken cancellationToken) =>
        ToDays(request) is { } days
            ? (await calendar.SaveAsync(caller, year, days, cancellationToken)).ToHttpResult()
            : BadKind();

    private static async Task<IResult> HistoryAsync(int year, Caller caller, WorkingCalendarAdministration calendar, CancellationToken cancellationToken) =>
        (await calendar.GetHistoryAsync(caller, year, cancellationToken)).ToHttpResult();

    private static List<CalendarDayOverride>? ToDays(CalendarYearRequest request)
    {
        var days = new List<CalendarDayOverride>();
        foreach (var day in request.Days ?? [])
        {
            CalendarDayKind? kind = day.Kind?.Trim().ToUpperInvariant() switch
            {
                "HOLIDAY" => CalendarDayKind.Holiday,
                "WORKINGDAY" => CalendarDayKind.WorkingDay,
                _ => null,
            };
            if (kind is null)
            {
                return null;
            }

            days.Add(new CalendarDayOverride(day.Date, kind.Value, day.Name ?? string.Empty));
        }

        return days;
    }

    private static IResult BadKind() => ((Result)Problem.Invalid("days", "Calendar_BadKind")).ToHttpResult();
}
