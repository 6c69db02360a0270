using Iso.Web.Records;
using Iso.Workflows.Actions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Iso.Web.Documents;

internal static class DocumentPrintingRegistration
{
    /// <summary>Controlled copies and the print view, the public portal, the procedure ↔ document link, and the
    /// records register with the engine's <c>record.archive</c> action.</summary>
    public static IServiceCollection AddIsoDocumentPrintingAndRecords(this IServiceCollection services)
    {
        services.AddScoped<DocumentCopies>();
        services.AddScoped<PrintDocument>();
        services.AddScoped<DocumentProcedures>();
        services.AddScoped<PublicDocuments>();
        services.AddScoped<RecordTypes>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflowActionHandler, RecordArchiveActionHandler>());
        return services;
    }
}
