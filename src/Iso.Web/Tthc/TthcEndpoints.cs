using Iso.Web.Application;

namespace Iso.Web.Tthc;

/// <summary><c>/api/v1/tthc</c>: an agency's administrative procedures with their coverage, and the import of a CSV or Excel file.</summary>
internal static class TthcEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapTthcEndpoints(this RouteGroupBuilder api)
    {
        var tthc = api.MapGroup("/tthc").WithTags("Procedures");
        tthc.MapGet("/", GetAsync)
            .WithSummary("The agency's TTHC, each with the internal procedure that handles it and a flag (ok, noProcedure, exceedsStatutory), and the coverage.")
            .Produces<TthcCatalogueView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tthc.MapPost("/import", ImportAsync)
            .WithSummary("Import TTHC into the caller's agency from the body: text/csv or an .xlsx file (first sheet), a header row then one TTHC per row. A bad row is reported by line and column and nothing is stored.")
            .Accepts<byte[]>("text/csv", Xlsx)
            .Produces<TthcImportResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    private static async Task<IResult> GetAsync(string? agency, Caller caller, TthcCatalogue catalogue, CancellationToken cancellationToken) =>
        (await catalogue.GetAsync(caller, agency, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ImportAsync(HttpRequest request, Caller caller, TthcCatalogue catalogue, CancellationToken cancellationToken)
    {
        TthcFileFormat? format = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() switch
        {
            "text/csv" => TthcFileFormat.Csv,
            Xlsx => TthcFileFormat.Xlsx,
            _ => null,
        };
        if (format is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "text/csv or " + Xlsx);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > TthcFile.MaxBytes)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"≤ {TthcFile.MaxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return (await catalogue.ImportAsync(caller, buffer, format.Value, cancellationToken)).ToHttpResult();
    }
}
