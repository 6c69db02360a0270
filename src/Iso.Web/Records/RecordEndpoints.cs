using Iso.Web.Application;

namespace Iso.Web.Records;

/// <summary><c>/api/v1/record-types</c>: the register of record types (ISO 9001:2015 7.5.3) and the records under each.</summary>
internal static class RecordEndpoints
{
    public static RouteGroupBuilder MapRecordEndpoints(this RouteGroupBuilder api)
    {
        var types = api.MapGroup("/record-types").WithTags("Records");
        types.MapGet("/", async (Guid? agencyId, Caller caller, RecordTypes useCase, CancellationToken ct) =>
                (await useCase.ListAsync(caller, agencyId, ct)).ToHttpResult())
            .WithSummary("The record types of an agency (the caller's by default) with how many records each has and how many are archived.")
            .Produces<IReadOnlyList<RecordTypeView>>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        types.MapGet("/{id:guid}", async (Guid id, Caller caller, RecordTypes useCase, CancellationToken ct) =>
                (await useCase.GetAsync(caller, id, ct)).ToHttpResult())
            .WithSummary("A record type with its records: the finished cases of its procedure, their files, when their retention ends, and whether they are archived.")
            .Produces<RecordTypeDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        types.MapPost("/", async (RecordTypeRequest request, Caller caller, RecordTypes useCase, CancellationToken ct) =>
                (await useCase.CreateAsync(caller, request, ct)).ToHttpResult(created => TypedResults.Created($"/api/v1/record-types/{created.Id}", created)))
            .WithSummary("Add a record type to the caller's agency (quality officers); the name is unique in the agency.")
            .Produces<RecordTypeView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        types.MapPut("/{id:guid}", async (Guid id, RecordTypeRequest request, Caller caller, RecordTypes useCase, CancellationToken ct) =>
                (await useCase.UpdateAsync(caller, id, request, ct)).ToHttpResult())
            .WithSummary("Change a record type; 'revision' must be the one read (412 when someone changed it meanwhile).")
            .Produces<RecordTypeView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return api;
    }
}
