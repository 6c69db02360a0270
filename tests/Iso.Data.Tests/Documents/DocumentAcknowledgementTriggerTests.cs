using Iso.Data.Documents;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Tests.Documents;

/// <summary>The <c>document.publish</c> effect row opens the read-and-understood round in the same transaction, on both
/// providers: one row per active person of the units the version names, due after the document's period.</summary>
public sealed class DocumentAcknowledgementTriggerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PublishEffect_OpensTheRound_ForActivePeopleOfTheDistributionUnits(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var caseId = Guid.NewGuid();
        var versionId = Guid.NewGuid();
        var named = Guid.NewGuid();
        var other = Guid.NewGuid();
        Guid agencyId;
        await using (var db = database.CreateContext())
        {
            db.AgencyKinds.Add(new AgencyKind { Code = "department", NameVi = "Sở/ngành", NameEn = "Department" });
            var agency = new Agency { Id = Guid.NewGuid(), Code = "STP", Name = "Sở Tư pháp", KindCode = "department", EffectiveFrom = new DateOnly(2021, 1, 1) };
            agencyId = agency.Id;
            db.Agencies.Add(agency);
            db.Units.Add(new OrgUnit { Id = named, AgencyId = agency.Id, Code = "CHUYEN-MON", Name = "Phòng Hành chính tư pháp", EffectiveFrom = new DateOnly(2021, 1, 1) });
            db.Units.Add(new OrgUnit { Id = other, AgencyId = agency.Id, Code = "VP", Name = "Văn phòng", EffectiveFrom = new DateOnly(2021, 1, 1) });
            db.Users.Add(Person("lan", agency.Id, named, active: true));
            db.Users.Add(Person("nghi", agency.Id, named, active: false));
            db.Users.Add(Person("ngoai", agency.Id, other, active: true));
            var document = new Document { Id = Guid.NewGuid(), AgencyId = agency.Id, Code = "QT-01", Title = "Quy trình", Kind = DocumentKind.Procedure, AcknowledgeWithinDays = 10 };
            db.Documents.Add(document);
            db.DocumentVersions.Add(new DocumentVersion
            {
                Id = versionId, DocumentId = document.Id, AgencyId = agency.Id, Sequence = 1, IssueNo = 1, Title = "Quy trình", Markdown = "Nội dung",
                Status = DocumentVersionStatus.InReview, ReviewCaseId = caseId, Distribution = [named], CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            db.Set<WorkflowCaseRecord>().Add(new WorkflowCaseRecord { Id = caseId, AgencyId = agency.Id, DefinitionKey = "document-control", VariablesJson = "{}" });
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = database.CreateContext())
        {
            db.Set<WorkflowEffectRecord>().Add(new WorkflowEffectRecord
            {
                Id = Guid.NewGuid(), AgencyId = agencyId, CaseId = caseId, Kind = "document.publish", ActorName = "Lê Minh Tuấn", Value = "2026-12-25", CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(Ct);
        }

        await using var check = database.CreateContext();
        var round = await check.DocumentAcknowledgements.AsNoTracking().ToListAsync(Ct);
        var row = Assert.Single(round);
        var lan = await check.Users.AsNoTracking().SingleAsync(u => u.UserName == "lan", Ct);
        Assert.Equal((versionId, lan.Id, named, new DateOnly(2027, 1, 4), (DateTimeOffset?)null), (row.VersionId, row.UserId, row.UnitId, row.DueOn, row.AcknowledgedAt));
    }

    private static IsoUser Person(string userName, Guid agencyId, Guid unitId, bool active) => new()
    {
        Id = Guid.NewGuid(), UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), FullName = userName, AgencyId = agencyId, UnitId = unitId,
        IsActive = active, SecurityStamp = Guid.NewGuid().ToString(),
    };
}
