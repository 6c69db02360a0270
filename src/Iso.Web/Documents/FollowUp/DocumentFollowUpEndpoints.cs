using Iso.Web.Application;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Iso.Web.Documents.FollowUp;

/// <summary>Acknowledgements, periodic reviews, legal-change flags and the document task list under
/// <c>/api/v1/documents</c>: thin doors onto the use cases, which scope and check.</summary>
internal static class DocumentFollowUpEndpoints
{
    public static IServiceCollection AddIsoDocumentFollowUp(this IServiceCollection services)
    {
        services.AddScoped<DocumentAcknowledgements>();
        services.AddScoped<DocumentTasks>();
        services.AddScoped<LegalChanges>();
        services.AddScoped<DocumentFollowUp>();
        services.AddScoped<RunDocumentReviews>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DocumentReviewService>());
        return services;
    }

    public static RouteGroupBuilder MapDocumentFollowUpEndpoints(this RouteGroupBuilder api)
    {
        var documents = api.MapGroup("/documents").WithTags("Documents");
        documents.MapGet("/acknowledgements/mine", MineAsync)
            .WithSummary("The caller's pending read-and-understood acknowledgements of documents in force, the oldest due first, overdue ones flagged.")
            .Produces<IReadOnlyList<PendingAcknowledgement>>();
        documents.MapPost("/{id:guid}/acknowledge", AcknowledgeAsync)
            .WithSummary("Sign 'read and understood' for the version in force, with the caller's password (printed name and moment are recorded).")
            .Produces<AcknowledgementSigned>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapGet("/{id:guid}/acknowledgements", RoundAsync)
            .WithSummary("Who was asked to acknowledge the version in force (or versionId), who has (signature) and who has not; overdue ones flagged. Quality officers, leaders and cross-agency readers.")
            .Produces<AcknowledgementRound>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/{id:guid}/follow-up", FollowUpAsync)
            .WithSummary("Periods, next periodic review, open tasks with legal-change flags, legal changes recorded on the document, the caller's pending acknowledgement.")
            .Produces<DocumentFollowUpView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapPut("/{id:guid}/periods", SetPeriodsAsync)
            .WithSummary("Set the acknowledgement period (days) and the periodic review period (months; null: the kind's default). Quality officers.")
            .Produces<DocumentFollowUpView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        documents.MapPost("/{id:guid}/legal-change", LegalChangeAsync)
            .WithSummary("Record that an external document was replaced or amended (kind replaced | amended, changedOn, newDocumentId); every document in force citing it gets a revision task due 3 months after the change.")
            .Produces<LegalChangeRecorded>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapGet("/tasks", TasksAsync)
            .WithSummary("Document tasks (periodic reviews, revisions after legal changes) of an agency and the reviews coming up; open ones unless includeClosed.")
            .Produces<DocumentTasksView>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        documents.MapPost("/tasks/{taskId:guid}/close", CloseTaskAsync)
            .WithSummary("End a document task: outcome no-change (comment required; a periodic review then counts from today) or revise (a revision draft is begun).")
            .Produces<DocumentTaskClosed>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> MineAsync(Caller caller, DocumentAcknowledgements useCase, CancellationToken cancellationToken) =>
        (await useCase.MineAsync(caller, cancellationToken)).ToHttpResult();

    private static async Task<IResult> AcknowledgeAsync(Guid id, AcknowledgeRequest request, Caller caller, DocumentAcknowledgements useCase, CancellationToken cancellationToken) =>
        (await useCase.AcknowledgeAsync(caller, id, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> RoundAsync(Guid id, Guid? versionId, Caller caller, DocumentAcknowledgements useCase, CancellationToken cancellationToken) =>
        (await useCase.RoundAsync(caller, id, versionId, cancellationToken)).ToHttpResult();

    private static async Task<IResult> FollowUpAsync(Guid id, Caller caller, DocumentFollowUp useCase, CancellationToken cancellationToken) =>
        (await useCase.HandleAsync(caller, id, cancellationToken)).ToHttpResult();

    private static async Task<IResult> SetPeriodsAsync(Guid id, SetDocumentPeriodsRequest request, Caller caller, DocumentFollowUp useCase, CancellationToken cancellationToken) =>
        (await useCase.SetPeriodsAsync(caller, id, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> LegalChangeAsync(Guid id, RecordLegalChangeRequest request, Caller caller, LegalChanges useCase, CancellationToken cancellationToken) =>
        (await useCase.RecordAsync(caller, id, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> TasksAsync(Guid? agencyId, bool? includeClosed, bool? mine, Caller caller, DocumentTasks useCase, CancellationToken cancellationToken) =>
        (await useCase.ListAsync(caller, new ListDocumentTasksRequest(agencyId, includeClosed ?? false, mine ?? false), cancellationToken)).ToHttpResult();

    private static async Task<IResult> CloseTaskAsync(Guid taskId, CloseDocumentTaskRequest request, Caller caller, DocumentTasks useCase, CancellationToken cancellationToken) =>
        (await useCase.CloseAsync(caller, taskId, request, cancellationToken)).ToHttpResult();
}
