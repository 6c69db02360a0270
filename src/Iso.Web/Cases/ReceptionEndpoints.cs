using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Iso.Web.Application;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Iso.Web.Cases;

/// <summary>Reception (<c>/api/v1/reception</c>), the case's receipt and portal shape, and the anonymous citizen lookup
/// (<c>/api/v1/public/cases/{code}</c>): thin doors onto the reception use cases.</summary>
internal static class ReceptionEndpoints
{
    public const string PublicLookupPolicy = "public-lookup";

    public static RouteGroupBuilder MapReceptionEndpoints(this RouteGroupBuilder api, long maxUploadBytes)
    {
        var reception = api.MapGroup("/reception").WithTags("Reception");
        reception.MapGet("/procedures", async (Caller caller, ListReceptionProcedures useCase, CancellationToken ct) =>
                (await useCase.HandleAsync(caller, ct)).ToHttpResult())
            .WithSummary("The published TTHC procedures of the caller's agency with the documents each lists (one-stop staff only).")
            .Produces<IReadOnlyList<ReceptionProcedureView>>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        reception.MapPost("/preview", async (PreviewReceptionRequest request, Caller caller, PreviewReception useCase, CancellationToken ct) =>
                (await useCase.HandleAsync(caller, request, ct)).ToHttpResult())
            .WithSummary("The appointment a reception would give now (or at receivedAt): the 15:00 intake rule and the time limit in working time.")
            .Produces<AppointmentPreview>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        reception.MapPost("/cases", async (ReceiveCaseRequest request, Caller caller, ReceiveCase useCase, CancellationToken ct) =>
                (await useCase.HandleAsync(caller, request, ct)).ToHttpResult(Created))
            .WithSummary("Receives a TTHC case (JSON; scans as base64 within the API's body limit). 201 with the case code and appointment.")
            .Produces<ReceivedCaseView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        reception.MapPost("/cases/upload", ReceiveMultipartAsync)
            .WithSummary("Receives a TTHC case as multipart/form-data: the JSON request in 'request', the scans as 'files' in the order of request.files.")
            .Accepts<ReceiveCaseRequest>("multipart/form-data")
            .Produces<ReceivedCaseView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithMetadata(new RequestSizeLimitAttribute((maxUploadBytes * ReceptionLimits.Files) + (1024 * 1024)))
            .DisableAntiforgery();

        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapGet("/{id}/receipt", async (string id, Caller caller, GetReceipt useCase, CancellationToken ct) =>
                (await useCase.HandleAsync(caller, id, ct)).ToHttpResult())
            .WithSummary("What the receipt (form 01) of a received case prints; by case code or id.")
            .Produces<ReceiptView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapGet("/{id}/sheet", async (string id, Caller caller, GetCaseSheet useCase, CancellationToken ct) =>
                (await useCase.HandleAsync(caller, id, ct)).ToHttpResult())
            .WithSummary("The case page: steps against their allotted working time, journal and its verification, scans, apologies; by code or id.")
            .Produces<CaseSheet>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapGet("/{id}/sync", async (string id, Caller caller, GetCaseSync useCase, CancellationToken ct) =>
                (await useCase.HandleAsync(caller, id, ct)).ToHttpResult())
            .WithSummary("The case in the shape the national public-service portal synchronises (MaHoSo, NgayHenTra, … dates yyyyMMddHHmmss).")
            .Produces<CaseSyncView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapGet("/{id}/apology", async (string id, Caller caller, CaseApologies useCase, CancellationToken ct) =>
                (await useCase.GetAsync(caller, id, ct)).ToHttpResult())
            .WithSummary("The case's apology letter (form 04): lateness (onTime|atRisk|late|finished), the appointment held now, the pending draft, issued letters, a proposal; by code or id.")
            .Produces<CaseApologyView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapPost("/{id}/apology", async (string id, [FromBody] DraftApologyRequest request, Caller caller, CaseApologies useCase, CancellationToken ct) =>
                (await useCase.DraftAsync(caller, id, request, ct)).ToHttpResult())
            .WithSummary("Draft the apology letter of a late case, or edit its pending draft (reason, newAppointmentAt; left out: the proposal's). Handling officer, quality officer or leader of the agency.")
            .Produces<CaseApologyView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        cases.MapPost("/{id}/apology/issue", async (string id, [FromBody] IssueApologyRequest? request, Caller caller, CaseApologies useCase, CancellationToken ct) =>
                (await useCase.IssueAsync(caller, id, request ?? new IssueApologyRequest(), ct)).ToHttpResult())
            .WithSummary("A leader of the agency issues (signs) the pending apology draft, once; the citizen lookup then shows the new appointment.")
            .Produces<CaseApologyView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <summary>Anonymous and rate-limited per client address: status and appointment date only.</summary>
    public static RouteGroupBuilder MapPublicCaseEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/public/cases/{code}", async (string code, LookupPublicCase useCase, CancellationToken ct) =>
                (await useCase.HandleAsync(code, ct)).ToHttpResult())
            .WithTags("Public")
            .WithSummary("Citizen lookup by case code: status and appointment date only; rate-limited per client address.")
            .Produces<PublicCaseView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AllowAnonymous()
            .RequireRateLimiting(PublicLookupPolicy);
        return api;
    }

    private static IResult Created(ReceivedCaseView received) =>
        TypedResults.Created($"/api/v1/cases/{Uri.EscapeDataString(received.Code)}", received);

    private static async Task<IResult> ReceiveMultipartAsync(HttpRequest http, Caller caller, ReceiveCase useCase, CancellationToken cancellationToken)
    {
        if (!http.HasFormContentType)
        {
            return Invalid("request", "Send multipart/form-data with the JSON request in 'request' (or POST JSON to /api/v1/reception/cases).");
        }

        ReceiveCaseRequest? request;
        try
        {
            request = await ReadMultipartAsync(http, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Invalid("request", ex.Message);
        }

        return request is null
            ? Invalid("request", "A JSON request object is required.")
            : (await useCase.HandleAsync(caller, request, cancellationToken)).ToHttpResult(Created);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");

    private static async Task<ReceiveCaseRequest?> ReadMultipartAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var form = await http.ReadFormAsync(cancellationToken);
        var request = JsonSerializer.Deserialize<ReceiveCaseRequest>(form["request"].ToString() is { Length: > 0 } json ? json : "{}", JsonSerializerOptions.Web);
        if (request is null)
        {
            return null;
        }

        var described = request.Files ?? [];
        var files = new List<ReceivedFileInput>();
        for (var i = 0; i < form.Files.Count; i++)
        {
            var part = form.Files[i];
            await using var stream = part.OpenReadStream();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            var description = i < described.Count ? described[i] : null;
            files.Add(new ReceivedFileInput(description?.DocumentName, description?.FileName ?? part.FileName, buffer.ToArray()));
        }

        return request with { Files = files };
    }
}

/// <summary>The citizen lookup's limit: a fixed window per client address (<see cref="ReceptionOptions.PublicLookupsPerMinute"/>).</summary>
internal sealed class PublicLookupRateLimitPolicy(IOptions<ReceptionOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (rejected, cancellationToken) =>
    {
        var context = rejected.HttpContext;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = "60";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many lookups.",
                Detail = string.Create(CultureInfo.InvariantCulture, $"Too many case lookups from this address; try again in a minute (see Retry-After)."),
            },
        });
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var permits = options.Value.PublicLookupsPerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(
            httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true });
    }
}
