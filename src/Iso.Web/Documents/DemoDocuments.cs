using Iso.Data;
using Iso.Data.Documents;
using Iso.Data.Seeding;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>
/// <c>seed --demo</c>: one effective procedure document of Sở Tư pháp tied to its published TTHC procedure
/// (<c>tthc-mot-cap</c>) and naming the workflow version it was approved with (ADR 0025), so that a new user sees a real
/// flow section (flowchart and step table). Written as the approval would leave it; running the seed again changes nothing.
/// </summary>
internal static class DemoDocuments
{
    public const string Code = "QT-TTHC-01";

    public const string ProcedureKey = "tthc-mot-cap";

    public static async Task SeedAsync(IsoDbContext db, CancellationToken cancellationToken)
    {
        var agencyId = await db.Agencies.Where(a => a.Code == DemoAccounts.QualityOfficer.AgencyCode).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(cancellationToken);
        if (agencyId is not { } agency || await db.Documents.AnyAsync(d => d.AgencyId == agency && d.Code == Code, cancellationToken))
        {
            return;
        }

        var definition = await db.Set<StoredDefinition>().AsNoTracking()
            .Where(d => d.OwnerAgencyId == agency && d.Key == ProcedureKey && d.Status == DefinitionStatus.Published)
            .OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
        var names = new[] { DemoAccounts.QualityOfficer.UserName, DemoAccounts.JusticeHeadOfOffice.UserName, DemoAccounts.Leader.UserName };
        var people = await db.Users.AsNoTracking().Where(u => names.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!, cancellationToken);
        if (definition is null || people.Count != names.Length)
        {
            return;
        }

        var (author, reviewer, approver) = (people[names[0]], people[names[1]], people[names[2]]);
        var approvedAt = definition.PublishedAt ?? definition.CreatedAt;
        var title = "Quy trình giải quyết thủ tục hành chính một cấp";
        var document = new Document
        {
            Id = Guid.CreateVersion7(approvedAt),
            AgencyId = agency,
            Code = Code,
            Kind = DocumentKind.Procedure,
            Title = title,
            ProcedureKey = ProcedureKey,
            CreatedAt = approvedAt.AddDays(-3),
            CreatedById = author.Id,
        };
        var version = new DocumentVersion
        {
            Id = Guid.CreateVersion7(approvedAt),
            DocumentId = document.Id,
            AgencyId = agency,
            Sequence = 1,
            IssueNo = 1,
            Title = title,
            Markdown = DocumentTemplates.Procedure,
            ChangeSummary = CreateDocument.FirstIssueSummary,
            Status = DocumentVersionStatus.Draft,
            AuthorId = author.Id,
            CreatedAt = approvedAt.AddDays(-3),
            UpdatedAt = approvedAt,
            Revision = 1,
            ProcedureDefinitionId = definition.Id,
            PreparedById = author.Id,
            PreparedByName = author.FullName,
            PreparedAt = approvedAt.AddDays(-2),
            ReviewedById = reviewer.Id,
            ReviewedByName = reviewer.FullName,
            ReviewedAt = approvedAt.AddDays(-1),
            ApprovedById = approver.Id,
            ApprovedByName = approver.FullName,
            ApprovedAt = approvedAt,
            EffectiveOn = DateOnly.FromDateTime(approvedAt.UtcDateTime),
        };
        db.Documents.Add(document);
        db.DocumentVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken);

        // Issued as the approval issues it: the version becomes effective (and is indexed for search by the database).
        version.Status = DocumentVersionStatus.Effective;
        document.EffectiveVersionId = version.Id;
        await db.SaveChangesAsync(cancellationToken);
    }
}
