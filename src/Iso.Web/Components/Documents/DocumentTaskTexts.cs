using Iso.Data.Documents;
using Iso.Web.Documents.FollowUp;
using Iso.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Iso.Web.Components.Documents;

/// <summary>Words for document tasks and legal changes on the pages.</summary>
public static class DocumentTaskTexts
{
    public static string TaskKind(this IStringLocalizer<SharedResource> l, DocumentTaskKind kind) => l[$"DocumentTask_Kind_{kind}"];

    public static string TaskStatus(this IStringLocalizer<SharedResource> l, DocumentTaskStatus status) => l[$"DocumentTask_Status_{status}"];

    /// <summary>"QĐ-05 was replaced on 01/03/2031 (by QĐ-09)".</summary>
    public static string Describe(this IStringLocalizer<SharedResource> l, LegalChangeView change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var text = l[$"LegalChange_{change.Kind}", change.ExternalCode, DocumentTexts.Date(change.ChangedOn)].Value;
        return change.NewDocumentCode is { } by ? text + " " + l["LegalChange_By", by].Value : text;
    }
}
