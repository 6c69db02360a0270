using Iso.Web.Application;
using Iso.Web.Cases;

namespace Iso.Web.Documents;

/// <summary>Controlled copies of a document (<c>/api/v1/documents/{id}/copies</c>), the tie of a procedure document to
/// its procedure, and the agency's public documents (anonymous, rate-limited like the citizen case lookup).</summary>
internal static class DocumentCopyEndpoints
{
    public static RouteGroupBuilder MapDocumentCopyEndpoints(this RouteGroupBuilder api)
    {
        var documents = api.MapGroup("/documents").WithTags("Documents");
        documents.MapGet("/{id:guid}/copies", async (Guid id, Caller caller, DocumentCopies useCase, CancellationToken ct) =>
                (await useCase.ListAsync(caller, id, ct)).ToHttpResult())
            .WithSummary("The controlled copies of the document: number (BS-01…), holder, version, issued and recalled (by hand, or automatically when the version was superseded or made obsolete).")
            .Produces<IReadOnlyList<DocumentCopyView>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapPost("/{id:guid}/copies", async (Guid id, IssueCopyRequest request, Caller caller, DocumentCopies useCase, CancellationToken ct) =>
                (await useCase.IssueAsync(caller, id, request, ct)).ToHttpResult(copy => TypedResults.Created($"/api/v1/documents/{id}/copies/{copy.Number}", copy)))
            .WithSummary("Issue a controlled copy of the version in force to a unit or a person of the agency (holderUnitId or holderUserId); quality officers. 201 with its copy number.")
            .Produces<DocumentCopyView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapPost("/{id:guid}/copies/{number:int}/recall", async (Guid id, int number, RecallCopyRequest request, Caller caller, DocumentCopies useCase, CancellationToken ct) =>
                (await useCase.RecallAsync(caller, id, number, request, ct)).ToHttpResult())
            .WithSummary("Recall a controlled copy by hand (with an optional reason); quality officers.")
            .Produces<DocumentCopyView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapPut("/{id:guid}/procedure", async (Guid id, LinkProcedureRequest request, Caller caller, DocumentProcedures useCase, CancellationToken ct) =>
                (await useCase.LinkAsync(caller, id, request, ct)).ToHttpResult())
            .WithSummary("Tie a procedure document to a procedure (workflow key) the agency runs, or untie it (null); its flow section becomes the generated step table of the published version.")
            .Produces<DocumentFlow>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static RouteGroupBuilder MapPublicDocumentEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/public/agencies/{code}/documents", async (string code, PublicDocuments useCase, CancellationToken ct) =>
                (await useCase.ListAsync(code, ct)).ToHttpResult())
            .WithTags("Public")
            .WithSummary("An agency's quality policy, quality objectives and procedures in force (nothing else); anonymous, rate-limited per client address.")
            .Produces<PublicAgencyDocuments>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AllowAnonymous()
            .RequireRateLimiting(ReceptionEndpoints.PublicLookupPolicy);
        api.MapGet("/public/agencies/{code}/documents/{documentCode}", async (string code, string documentCode, PublicDocuments useCase, CancellationToken ct) =>
                (await useCase.ReadAsync(code, documentCode, ct)).ToHttpResult())
            .WithTags("Public")
            .WithSummary("One of them: ISO header with the signature block, change table, sanitised HTML and the generated step table of a procedure; anonymous, rate-limited.")
            .Produces<PublicDocumentView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AllowAnonymous()
            .RequireRateLimiting(ReceptionEndpoints.PublicLookupPolicy);
        return api;
    }
}
