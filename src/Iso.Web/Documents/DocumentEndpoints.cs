using System.Text;
using Iso.Data.Documents;
using Iso.Web.Application;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Iso.Web.Documents;

/// <summary><c>/api/v1/documents</c>: thin doors onto the document use cases, which check who may do what, scope to
/// the caller's agency and validate. Drafts are changed with If-Match (the ETag of GET); stale copies get 412.</summary>
internal static class DocumentEndpoints
{
    public static RouteGroupBuilder MapDocumentEndpoints(this RouteGroupBuilder api)
    {
        var documents = api.MapGroup("/documents").WithTags("Documents");
        documents.MapGet("/", ListAsync)
            .WithSummary("Documents of an agency (the caller's by default), filtered by kind, status and a text in the code or title; drafts only for those who write, review or approve.")
            .Produces<DocumentPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        documents.MapGet("/search", SearchAsync)
            .WithSummary("Full-text search of the documents in force of an agency (the caller's by default): ranked, insensitive to Vietnamese diacritics (đ included), exact matches first; titles and snippets as HTML whose only markup is <mark> around matched words.")
            .Produces<DocumentSearchResults>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        documents.MapPost("/", CreateAsync)
            .WithSummary("Create a document and its first draft in the caller's agency (quality officers); 201 with its id and the draft's ETag.")
            .Produces<DocumentCreated>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        documents.MapPost("/import", ImportAsync)
            .WithSummary("Import a Word (.docx) file as a new document's draft (multipart: file, kind, code, title optional): headings, paragraphs, bold/italic, lists and tables become Markdown, PNG/JPEG images attachments; 201 with the draft's id and what could not be converted.")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<DocumentImported>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .DisableAntiforgery();
        documents.MapGet("/{id:guid}", GetAsync)
            .WithSummary("A document with one version (the one in force unless versionId says otherwise): ISO header, Markdown, signatures, change table, distribution, attachments, versions. ETag: the version's.")
            .Produces<DocumentDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/{id:guid}/html", HtmlAsync)
            .WithSummary("The version rendered to sanitised HTML (the same pipeline as the pages; cross-references link to documents in force).")
            .Produces<string>(contentType: "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapPut("/{id:guid}/draft", UpdateDraftAsync)
            .WithSummary("Change the draft; If-Match must be the draft's current ETag (412 when stale, 428 when missing).")
            .Produces<DraftSaved>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        documents.MapPost("/{id:guid}/revisions", ReviseAsync)
            .WithSummary("Begin a revision of the document in force: a new draft (change summary required).")
            .Produces<DraftSaved>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapPost("/{id:guid}/submit", SubmitAsync)
            .WithSummary("Submit the draft for review through the document-control procedure, signed 'prepared' with the author's password; dangling cross-references come back as warnings.")
            .Produces<DocumentStepResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapPost("/{id:guid}/review", ReviewAsync)
            .WithSummary("Review decision (pass | return), signed 'reviewed' with the reviewer's password.")
            .Produces<DocumentStepResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapPost("/{id:guid}/approve", ApproveAsync)
            .WithSummary("Approval decision (approve | return | reject), signed 'approved' with the leader's password; never the document's author. Approving publishes the version.")
            .Produces<DocumentStepResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapPost("/{id:guid}/obsolete", ObsoleteAsync)
            .WithSummary("Withdraw the document in force (leaders, with a reason and their password).")
            .Produces<DocumentStepResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapGet("/{id:guid}/versions", VersionsAsync)
            .WithSummary("The document's versions the caller may see, oldest first.")
            .Produces<IReadOnlyList<VersionSummary>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/{id:guid}/diff", DiffAsync)
            .WithSummary("Two versions side by side, line by line (older on the left).")
            .Produces<DocumentDiff>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapPost("/{id:guid}/attachments", AddAttachmentAsync)
            .WithSummary("Attach a file to the draft: the request body is the file, ?fileName= its name; PDF, Word, Excel, OpenDocument, PNG or JPEG by content; 20 MB at most by default.")
            .Accepts<byte[]>("application/octet-stream")
            .Produces<AttachmentView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapGet("/{id:guid}/attachments/{attachmentId:guid}", DownloadAsync)
            .WithSummary("Download an attachment (always as a download, never shown inline).")
            .Produces<byte[]>(contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapDelete("/{id:guid}/attachments/{attachmentId:guid}", RemoveAttachmentAsync)
            .WithSummary("Remove an attachment from the draft.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> ListAsync(
        Caller caller, ListDocuments useCase, Guid? agencyId, DocumentKind? kind, DocumentStatus? status, string? text, int? page, int? pageSize,
        CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, new ListDocumentsRequest(agencyId, kind, status, text, page ?? 1, pageSize ?? 50), cancellationToken)).ToHttpResult();

    private static async Task<IResult> SearchAsync(
        Caller caller, SearchDocuments useCase, string? q, Guid? agencyId, DocumentKind? kind, int? page, int? pageSize, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, new SearchDocumentsRequest(q, agencyId, kind, page ?? 1, pageSize ?? 20), cancellationToken)).ToHttpResult();

    private static async Task<IResult> ImportAsync(
        IFormFile? file, [FromForm] DocumentKind? kind, [FromForm] string? code, [FromForm] string? title, Caller caller, ImportDocument useCase, HttpContext http,
        CancellationToken cancellationToken)
    {
        // As much as an attachment may be, plus the form's other fields.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = useCase.MaxBytes + (64 * 1024);
        }

        await using var content = file?.OpenReadStream();
        return (await useCase.HandleAsync(caller, new ImportDocumentRequest(kind, code, title, file?.FileName, content), cancellationToken))
            .ToHttpResult(imported =>
            {
                http.Response.Headers.ETag = imported.ETag;
                return TypedResults.Created($"/api/v1/documents/{imported.Id}", imported);
            });
    }

    private static async Task<IResult> CreateAsync(CreateDocumentRequest request, Caller caller, CreateDocument useCase, HttpContext http, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, request, cancellationToken)).ToHttpResult(created =>
        {
            http.Response.Headers.ETag = created.ETag;
            return TypedResults.Created($"/api/v1/documents/{created.Id}", created);
        });

    private static async Task<IResult> GetAsync(Guid id, Guid? versionId, Caller caller, GetDocument useCase, HttpContext http, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, versionId, cancellationToken)).ToHttpResult(details =>
        {
            http.Response.Headers.ETag = details.ETag;
            return TypedResults.Ok(details);
        });

    private static async Task<IResult> HtmlAsync(Guid id, Guid? versionId, Caller caller, DocumentRendering useCase, CancellationToken cancellationToken) =>
        (await useCase.RenderVersionAsync(caller, id, versionId, cancellationToken))
            .ToHttpResult(rendered => TypedResults.Text(rendered.Html, "text/html", Encoding.UTF8));

    private static async Task<IResult> UpdateDraftAsync(
        Guid id, [FromBody] DraftFields fields, [FromHeader(Name = "If-Match")] string? ifMatch, Caller caller, UpdateDraft useCase, HttpContext http,
        CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, new UpdateDraftRequest(fields, ifMatch), cancellationToken)).ToHttpResult(saved =>
        {
            http.Response.Headers.ETag = saved.ETag;
            return TypedResults.Ok(saved);
        });

    private static async Task<IResult> ReviseAsync(Guid id, ReviseDocumentRequest request, Caller caller, ReviseDocument useCase, HttpContext http, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, request, cancellationToken)).ToHttpResult(saved =>
        {
            http.Response.Headers.ETag = saved.ETag;
            return TypedResults.Created($"/api/v1/documents/{saved.DocumentId}?versionId={saved.VersionId}", saved);
        });

    private static async Task<IResult> SubmitAsync(
        Guid id, SubmitDocumentRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, Caller caller, SubmitDocument useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, request with { IfMatch = request.IfMatch ?? ifMatch }, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ReviewAsync(Guid id, DocumentDecisionRequest request, Caller caller, DecideOnDocument useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, ReviewStage.Review, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ApproveAsync(Guid id, DocumentDecisionRequest request, Caller caller, DecideOnDocument useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, ReviewStage.Approval, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ObsoleteAsync(Guid id, ObsoleteDocumentRequest request, Caller caller, ObsoleteDocument useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> VersionsAsync(Guid id, Caller caller, GetDocument useCase, CancellationToken cancellationToken)
    {
        var result = await useCase.HandleAsync(caller, id, null, cancellationToken);
        return result.Problem is { } problem ? ((Result<DocumentDetails>)problem).ToHttpResult() : TypedResults.Ok(result.Value.Versions);
    }

    private static async Task<IResult> DiffAsync(Guid id, Guid from, Guid to, Caller caller, DiffVersions useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, from, to, cancellationToken)).ToHttpResult();

    private static async Task<IResult> AddAttachmentAsync(Guid id, string? fileName, Caller caller, DocumentAttachments useCase, HttpContext http, CancellationToken cancellationToken)
    {
        // The one endpoint that takes more than the API's general body limit: as much as an attachment may be, plus one
        // byte so that an over-large file is told apart from one exactly at the limit.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = useCase.MaxBytes + 1;
        }

        return (await useCase.AddAsync(caller, id, fileName, http.Request.Body, cancellationToken))
            .ToHttpResult(added => TypedResults.Created($"/api/v1/documents/{id}/attachments/{added.Id}", added));
    }

    private static async Task<IResult> DownloadAsync(Guid id, Guid attachmentId, Caller caller, DocumentAttachments useCase, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await useCase.OpenAsync(caller, id, attachmentId, cancellationToken);
        if (result.Problem is not null)
        {
            return result.ToHttpResult();
        }

        var file = result.Value;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ETag = $"\"{file.Sha256}\"";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(file.FileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return TypedResults.Bytes(file.Content, file.ContentType);
    }

    private static async Task<IResult> RemoveAttachmentAsync(Guid id, Guid attachmentId, Caller caller, DocumentAttachments useCase, CancellationToken cancellationToken) =>
        (await useCase.RemoveAsync(caller, id, attachmentId, cancellationToken)).ToHttpResult();
}
