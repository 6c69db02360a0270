using System.Text.Json;
using System.Text.Json.Nodes;
using Iso.Web.Application;
using Microsoft.AspNetCore.Mvc;

namespace Iso.Web.Procedures;

/// <summary><c>/api/v1/procedures</c>: thin doors onto the procedure use cases. Reads take <c>?agency={code}</c> (default: the
/// caller's agency); changes act in the caller's own agency. A draft's ETag is its revision; PUT needs it in If-Match.</summary>
internal static class ProcedureEndpoints
{
    public static RouteGroupBuilder MapProcedureEndpoints(this RouteGroupBuilder api)
    {
        var procedures = api.MapGroup("/procedures").WithTags("Procedures");
        procedures.MapGet("/", ListAsync)
            .WithSummary("The procedures people of the agency may start a case on: its published ones, and the templates it has not adopted (key, version, name, category, time limit, TTHC codes).")
            .Produces<IReadOnlyList<StartableProcedure>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        procedures.MapPost("/", CreateAsync)
            .WithSummary("Create a draft in the caller's agency: adopt a template (mapping its unit codes and roles), duplicate a procedure (copyOf), or from a definition.")
            .Produces<ProcedureVersionDetails>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        procedures.MapGet("/{key}/versions", VersionsAsync)
            .WithSummary("A procedure's versions (draft, submitted, published, retired), who approved each and when, cases on each.")
            .Produces<ProcedureRow>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        procedures.MapGet("/{key}/versions/{version:int}", VersionAsync)
            .WithSummary("One version: the definition JSON, its problems (JSON paths), its step table and history; the ETag is its revision.")
            .Produces<ProcedureVersionDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        procedures.MapPut("/{key}/versions/{version:int}", SaveAsync)
            .WithSummary("Save a draft's definition (the body). If-Match must carry the ETag read; a stale one gets 412 and nothing is stored. Problems do not prevent saving.")
            .Produces<ProcedureVersionDetails>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        procedures.MapPost("/{key}/versions/{version:int}/validate", ValidateAsync)
            .WithSummary("Validate the definition in the body, or the stored version when the body is empty: schema, validator and the agency's units, errors apart from warnings.")
            .Produces<ValidationReport>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        procedures.MapPost("/{key}/versions/{version:int}/submit", SubmitAsync)
            .WithSummary("Hand a draft without errors to the agency's leaders for approval.")
            .Produces<ProcedureVersionDetails>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        procedures.MapPost("/{key}/versions/{version:int}/approve", ApproveAsync)
            .WithSummary("A leader of the agency who did not write it approves a submitted version with the approving decision's number and date: it is published, new cases use it, the previous version is retired.")
            .Produces<ProcedureVersionDetails>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        procedures.MapPost("/{key}/versions/{version:int}/return", ReturnAsync)
            .WithSummary("A leader returns a submitted version to its author with a comment; it is a draft again.")
            .Produces<ProcedureVersionDetails>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        procedures.MapPost("/{key}/versions/{version:int}/retire", RetireAsync)
            .WithSummary("A leader stops new cases on a published version; running cases go on. The body may be {} or carry a comment.")
            .Produces<ProcedureVersionDetails>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        procedures.MapPost("/{key}/versions/{version:int}/test-run", TestRunAsync)
            .WithSummary("Test run (chạy thử) of any version, in memory on a frozen copy: from receivedAt, each human step takes the next outcome named for it in outcomes (step id → outcome names in the order the step is reached), else its first outcome (mode default) or the run stops there (mode step). Returns the path with each step's start and due moment on the agency's working calendar and whether the case ends within the time limit. Whoever may read the version may run it; nothing is stored. If-Match, when given, must be the version's ETag.")
            .Produces<TestRunResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        procedures.MapPut("/{key}/versions/{version:int}/layout", SaveLayoutAsync)
            .WithSummary("Keeps the flowchart positions arranged by hand for a draft: { \"nodeId\": { \"x\": 120, \"y\": 340 } }; {} returns to the automatic layout.")
            .Produces<IReadOnlyDictionary<string, FlowPoint>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        procedures.MapGet("/{key}/compare", CompareAsync)
            .WithSummary("Steps added, removed and changed (field by field) from one version to another.")
            .Produces<ProcedureComparison>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ListAsync(string? agency, Caller caller, ProcedureCatalogue catalogue, CancellationToken cancellationToken) =>
        (await catalogue.ListStartableAsync(caller, agency, cancellationToken)).ToHttpResult();

    private static async Task<IResult> CreateAsync(CreateProcedureRequest request, Caller caller, ProcedureAuthoring authoring, HttpResponse response, CancellationToken cancellationToken) =>
        (await authoring.CreateAsync(caller, request, cancellationToken))
            .ToHttpResult(created => WithETag(response, created.ETag, TypedResults.Created($"/api/v1/procedures/{created.Key}/versions/{created.Version}", created)));

    private static async Task<IResult> VersionsAsync(string key, string? agency, Caller caller, ProcedureCatalogue catalogue, CancellationToken cancellationToken) =>
        (await catalogue.GetVersionsAsync(caller, agency, key, cancellationToken)).ToHttpResult();

    private static async Task<IResult> VersionAsync(string key, int version, string? agency, Caller caller, ProcedureCatalogue catalogue, HttpResponse response, CancellationToken cancellationToken) =>
        (await catalogue.GetVersionAsync(caller, agency, key, version, cancellationToken)).ToHttpResult(details => WithETag(response, details.ETag, TypedResults.Ok(details)));

    private static async Task<IResult> SaveLayoutAsync(
        string key, int version, [FromBody] Dictionary<string, FlowPoint> positions, Caller caller, ProcedureAuthoring authoring, CancellationToken cancellationToken) =>
        (await authoring.SaveLayoutAsync(caller, key, version, positions, cancellationToken)).ToHttpResult();

    private static async Task<IResult> SaveAsync(
        string key, int version, [FromBody] JsonObject definition, [FromHeader(Name = "If-Match")] string? ifMatch,
        Caller caller, ProcedureAuthoring authoring, HttpResponse response, CancellationToken cancellationToken) =>
        (await authoring.SaveDraftAsync(caller, key, version, definition.ToJsonString(WriteOptions), ProcedureData.RevisionOf(ifMatch), cancellationToken))
            .ToHttpResult(details => WithETag(response, details.ETag, TypedResults.Ok(details)));

    private static async Task<IResult> ValidateAsync(
        string key, int version, string? agency, [FromBody] JsonObject? definition, Caller caller, ProcedureAuthoring authoring, CancellationToken cancellationToken) =>
        (await authoring.ValidateAsync(caller, agency, key, version, definition?.ToJsonString(WriteOptions), cancellationToken)).ToHttpResult();

    private static async Task<IResult> SubmitAsync(string key, int version, Caller caller, ProcedurePublishing publishing, CancellationToken cancellationToken) =>
        (await publishing.SubmitAsync(caller, key, version, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ApproveAsync(
        string key, int version, ApproveProcedureRequest request, Caller caller, ProcedurePublishing publishing, CancellationToken cancellationToken) =>
        (await publishing.ApproveAsync(caller, key, version, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ReturnAsync(
        string key, int version, ReturnProcedureRequest request, Caller caller, ProcedurePublishing publishing, CancellationToken cancellationToken) =>
        (await publishing.ReturnAsync(caller, key, version, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> RetireAsync(
        string key, int version, RetireProcedureRequest request, Caller caller, ProcedurePublishing publishing, CancellationToken cancellationToken) =>
        (await publishing.RetireAsync(caller, key, version, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> TestRunAsync(
        string key, int version, string? agency, TestRunRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        Caller caller, TestRunProcedure testRun, CancellationToken cancellationToken) =>
        (await testRun.HandleAsync(caller, agency, key, version, request, ifMatch, cancellationToken)).ToHttpResult();

    private static async Task<IResult> CompareAsync(
        string key, int from, int to, string? agency, Caller caller, ProcedureCatalogue catalogue, CancellationToken cancellationToken) =>
        (await catalogue.CompareAsync(caller, agency, key, from, to, cancellationToken)).ToHttpResult();

    /// <summary>The definition as the API stores it: indented, Vietnamese kept readable.</summary>
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static IResult WithETag(HttpResponse response, string etag, IResult result)
    {
        response.Headers.ETag = etag;
        return result;
    }
}
