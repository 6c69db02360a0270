using System.Globalization;
using Iso.Data.Documents;
using Iso.Web.Documents;
using Iso.Web.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Iso.Web.Components.Documents;

/// <summary>Words and colours for documents on the pages, in one place.</summary>
public static class DocumentTexts
{
    public static string Kind(this IStringLocalizer<SharedResource> l, DocumentKind kind) => l[$"Document_Kind_{kind}"];

    public static string Status(this IStringLocalizer<SharedResource> l, DocumentStatus status) => l[$"Document_Status_{status}"];

    public static string VersionStatus(this IStringLocalizer<SharedResource> l, DocumentVersionStatus status) => l[$"Document_VersionStatus_{status}"];

    public static string Meaning(this IStringLocalizer<SharedResource> l, string meaning) => l[$"Document_Meaning_{meaning}"];

    public static Color ColorOf(DocumentStatus status) => status switch
    {
        DocumentStatus.Effective => Color.Success,
        DocumentStatus.InReview => Color.Info,
        DocumentStatus.Obsolete => Color.Error,
        _ => Color.Default,
    };

    public static Color ColorOf(DocumentVersionStatus status) => status switch
    {
        DocumentVersionStatus.Effective => Color.Success,
        DocumentVersionStatus.InReview => Color.Info,
        DocumentVersionStatus.Superseded or DocumentVersionStatus.Obsolete => Color.Error,
        _ => Color.Default,
    };

    public static string Date(DateOnly? date) => date?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>Vietnam's time (UTC+7, no daylight saving), as the other pages show moments.</summary>
    public static string Moment(DateTimeOffset moment) =>
        moment.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Issue(int issueNo, int revisionNo) => revisionNo == 0
        ? issueNo.ToString("00", CultureInfo.InvariantCulture)
        : $"{issueNo:00}.{revisionNo:00}";
}
