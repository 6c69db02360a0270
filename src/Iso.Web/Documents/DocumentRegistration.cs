using Iso.Web.Auth;
using Iso.Web.Documents.FollowUp;
using Iso.Web.Documents.Rendering;
using Iso.Workflows.Actions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Iso.Web.Documents;

internal static class DocumentRegistration
{
    /// <summary>Controlled documents: the renderer (one pipeline, shared), the use cases, the <c>document.publish</c>
    /// action of the engine, and the options (section <c>Iso:Documents</c>, checked at start).</summary>
    public static IServiceCollection AddIsoDocuments(this IServiceCollection services)
    {
        services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DocumentHtmlSanitizer>();
        services.AddSingleton<RenderedHtmlCache>();
        services.AddSingleton<DocumentMarkdown>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflowActionHandler, DocumentPublishActionHandler>());
        services.AddScoped<PasswordConfirmation>();

        services.AddScoped<ListDocuments>();
        services.AddScoped<GetDocument>();
        services.AddScoped<DocumentRendering>();
        services.AddScoped<CreateDocument>();
        services.AddScoped<UpdateDraft>();
        services.AddScoped<ReviseDocument>();
        services.AddScoped<SubmitDocument>();
        services.AddScoped<DecideOnDocument>();
        services.AddScoped<ObsoleteDocument>();
        services.AddScoped<DocumentAttachments>();
        services.AddScoped<DiffVersions>();
        services.AddIsoDocumentFollowUp();
        services.AddScoped<SearchDocuments>();
        services.AddScoped<ImportDocument>();
        return services;
    }
}
