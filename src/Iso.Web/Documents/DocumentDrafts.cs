using System.Text;
using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>The fields of a draft a person writes (the signature block, dates and status are never typed).
/// <see cref="ProcedureDraft"/>: for a procedure document, the version number of the agency's draft of its procedure that
/// the document carries and publishes on approval (ADR 0025); null carries none.</summary>
public sealed record DraftFields(
    string? Title,
    string? Markdown,
    string? ChangeSummary = null,
    string? ChangedSections = null,
    IReadOnlyList<Guid>? Distribution = null,
    string? ExternalNumber = null,
    string? ExternalIssuer = null,
    DateOnly? ExternalEffectiveOn = null,
    int? ProcedureDraft = null);

/// <summary>Validation and copying of <see cref="DraftFields"/>, shared by create, update and revise.</summary>
internal static class DocumentDrafts
{
    public const int TitleLength = 300;
    public const int SummaryLength = 4000;
    public const int SectionsLength = 300;
    public const int MaxDistribution = 200;

    public static Validation Check(this Validation validation, DraftFields fields, DocumentKind kind, bool changeSummaryRequired)
    {
        validation
            .Required("title", fields.Title, TitleLength)
            .Text("title", fields.Title, TitleLength)
            .MaxLength("markdown", fields.Markdown, DocumentRendering.MaxMarkdownLength)
            .Text("changedSections", fields.ChangedSections, SectionsLength)
            .MaxCount("distribution", fields.Distribution?.Count ?? 0, MaxDistribution)
            .Text("externalNumber", fields.ExternalNumber, 100)
            .Text("externalIssuer", fields.ExternalIssuer, TitleLength);
        if (fields.Markdown?.Contains('\0', StringComparison.Ordinal) == true)
        {
            validation.Add("markdown", "Validation_ControlCharacters");
        }

        if (changeSummaryRequired)
        {
            validation.Required("changeSummary", fields.ChangeSummary, SummaryLength);
        }

        validation.Text("changeSummary", fields.ChangeSummary, SummaryLength);
        if (kind == DocumentKind.External)
        {
            validation.Required("externalNumber", fields.ExternalNumber, 100).Required("externalIssuer", fields.ExternalIssuer, TitleLength);
            if (fields.ExternalEffectiveOn is null)
            {
                validation.Add("externalEffectiveOn", "Validation_Required");
            }
        }

        return validation;
    }

    /// <summary>Distribution units must be units of the document's agency.</summary>
    public static async Task CheckDistributionAsync(this Validation validation, IsoDbContext db, Guid agencyId, IReadOnlyList<Guid>? units, CancellationToken cancellationToken)
    {
        if (units is not { Count: > 0 })
        {
            return;
        }

        var distinct = units.Distinct().ToList();
        var known = await db.Units.AsNoTracking().CountAsync(u => u.AgencyId == agencyId && distinct.Contains(u.Id), cancellationToken);
        if (known != distinct.Count)
        {
            validation.Add("distribution", "Validation_UnknownUnit");
        }
    }

    public static void CopyTo(this DraftFields fields, DocumentVersion version, DocumentKind kind)
    {
        // NFC: the same text typed with a composing or a decomposing Vietnamese keyboard is stored the same way (search).
        version.Title = fields.Title!.Trim().Normalize(NormalizationForm.FormC);
        version.Markdown = (fields.Markdown ?? string.Empty).Normalize(NormalizationForm.FormC);
        version.ChangeSummary = Blank(fields.ChangeSummary) ?? version.ChangeSummary;
        version.ChangedSections = Blank(fields.ChangedSections);
        version.Distribution = [.. (fields.Distribution ?? []).Distinct()];
        var external = kind == DocumentKind.External;
        version.ExternalNumber = external ? Blank(fields.ExternalNumber) : null;
        version.ExternalIssuer = external ? Blank(fields.ExternalIssuer) : null;
        version.ExternalEffectiveOn = external ? fields.ExternalEffectiveOn : null;
    }

    private static string? Blank(string? text) => Validation.IsBlank(text) ? null : text!.Trim();
}
