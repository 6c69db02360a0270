using Iso.Web.Application;
using Iso.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Iso.Web.Statistics;

/// <summary><c>/api/v1/statistics</c>: the figures of an agency (or all, for auditors) per procedure or month, and the
/// same as an Excel workbook.</summary>
internal static class StatisticsEndpoints
{
    public static RouteGroupBuilder MapStatisticsEndpoints(this RouteGroupBuilder api)
    {
        var statistics = api.MapGroup("/statistics").WithTags("Statistics");
        statistics.MapGet("/", GetAsync)
            .WithSummary("Statistics of the cases received in a period (from/to yyyy-MM-dd, default the last twelve months): received, resolved, " +
                "on time, late, late with apology, in progress, on-time rate (target 95 %), per procedure or month (by=procedure|month), " +
                "and per step (average hours, share late, bottleneck). agency: code or id (default own; 'all' for auditors).")
            .Produces<StatisticsReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        statistics.MapGet("/export", ExportAsync)
            .WithSummary("The same statistics as an Excel workbook (.xlsx): a sheet of figures with the total and a sheet of steps.")
            .Produces(StatusCodes.Status200OK, contentType: StatisticsWorkbook.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> GetAsync(
        string? agency, DateOnly? from, DateOnly? to, string? by, Caller caller, GetStatistics useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, new StatisticsRequest(agency, from, to, by), cancellationToken)).ToHttpResult();

    private static async Task<IResult> ExportAsync(
        string? agency, DateOnly? from, DateOnly? to, string? by, Caller caller, GetStatistics useCase,
        IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, new StatisticsRequest(agency, from, to, by), cancellationToken))
            .ToHttpResult(report => TypedResults.File(StatisticsWorkbook.Write(report, localizer), StatisticsWorkbook.ContentType, StatisticsWorkbook.FileName(report)));
}
