using System.Data.Common;
using Iso.Data.Documents;
using Iso.Data.Organisation;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Tests.Documents;

/// <summary>ADR 0025 in the database itself (both providers): a <c>document.publish</c> effect row whose version carries a
/// procedure draft publishes it and retires the key's published version in the same transaction, or refuses everything.</summary>
public sealed class DocumentProcedureTriggerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PublishEffect_PublishesTheCarriedDraft_AndRetiresThePublishedVersion(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (caseId, agencyId, published, draft) = await ArrangeAsync(database, DefinitionStatus.Draft);
        await using (var db = database.CreateContext())
        {
            db.Set<WorkflowEffectRecord>().Add(Effect(agencyId, caseId));
            await db.SaveChangesAsync(Ct);
        }

        await using var check = database.CreateContext();
        var definitions = await check.Set<StoredDefinition>().AsNoTracking().OrderBy(d => d.Version).ToListAsync(Ct);
        Assert.Equal([(published, DefinitionStatus.Retired), (draft, DefinitionStatus.Published)], definitions.Select(d => (d.Id, d.Status)));
        Assert.NotNull(definitions[0].RetiredAt);
        Assert.NotNull(definitions[1].PublishedAt);
        Assert.Equal([2, 2], definitions.Select(d => d.Revision));
        var events = await check.ProcedureEvents.AsNoTracking().OrderBy(e => e.Id).Select(e => new { e.Kind, e.Version, e.UserName, e.Comment }).ToListAsync(Ct);
        Assert.Equal([("retired", 1, "→ v2"), ("approved", 2, "Tài liệu QT-01 (lần ban hành 1)")], events.Select(e => (e.Kind, e.Version, e.Comment!)));
        Assert.All(events, e => Assert.Equal("Lê Minh Tuấn", e.UserName));
        Assert.Equal(DocumentVersionStatus.Effective, (await check.DocumentVersions.AsNoTracking().SingleAsync(Ct)).Status);

        // Issued, the version keeps the workflow version it was approved with.
        var error = await Assert.ThrowsAnyAsync<DbException>(() => check.Database.ExecuteSqlRawAsync("UPDATE \"DocumentVersions\" SET \"ProcedureDefinitionId\" = NULL", Ct));
        Assert.Contains("immutable", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PublishEffect_WhenTheCarriedVersionIsNoLongerADraft_IsRefused_AndNothingChanges(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (caseId, agencyId, _, _) = await ArrangeAsync(database, DefinitionStatus.Submitted);
        await using var db = database.CreateContext();
        db.Set<WorkflowEffectRecord>().Add(Effect(agencyId, caseId));

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));

        Assert.Contains("no longer a draft", error.InnerException!.Message, StringComparison.Ordinal);
        await using var check = database.CreateContext();
        Assert.Equal([DefinitionStatus.Published, DefinitionStatus.Submitted], await check.Set<StoredDefinition>().OrderBy(d => d.Version).Select(d => d.Status).ToListAsync(Ct));
        Assert.Equal(DocumentVersionStatus.InReview, (await check.DocumentVersions.AsNoTracking().SingleAsync(Ct)).Status);
        Assert.Empty(await check.ProcedureEvents.ToListAsync(Ct));
        Assert.Empty(await check.Set<WorkflowEffectRecord>().ToListAsync(Ct));
    }

    private static WorkflowEffectRecord Effect(Guid agencyId, Guid caseId) => new()
    {
        Id = Guid.NewGuid(), AgencyId = agencyId, CaseId = caseId, Kind = "document.publish", ActorId = Guid.NewGuid(), ActorName = "Lê Minh Tuấn",
        Value = "2026-12-20", CreatedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>An agency with v1 of a procedure published and v2 in <paramref name="carriedStatus"/>; a procedure document
    /// whose first version, in review in a document-control case, carries v2.</summary>
    private static async Task<(Guid CaseId, Guid AgencyId, Guid Published, Guid Carried)> ArrangeAsync(TestDatabase database, DefinitionStatus carriedStatus)
    {
        await using var db = database.CreateContext();
        db.AgencyKinds.Add(new AgencyKind { Code = "department", NameVi = "Sở/ngành", NameEn = "Department" });
        var agency = new Agency { Id = Guid.NewGuid(), Code = "STP", Name = "Sở Tư pháp", KindCode = "department", EffectiveFrom = new DateOnly(2021, 1, 1) };
        db.Agencies.Add(agency);
        StoredDefinition Definition(int version, DefinitionStatus status) => new()
        {
            Id = Guid.NewGuid(), OwnerAgencyId = agency.Id, Key = "cap-phieu-lltp", Version = version, Name = "Cấp phiếu lý lịch tư pháp", Status = status,
            Json = "{}", CreatedAt = DateTimeOffset.UtcNow, Revision = 1,
        };
        var published = Definition(1, DefinitionStatus.Published);
        var carried = Definition(2, carriedStatus);
        db.Set<StoredDefinition>().AddRange(published, carried);
        var document = new Document { Id = Guid.NewGuid(), AgencyId = agency.Id, Code = "QT-01", Title = "Quy trình cấp phiếu", Kind = DocumentKind.Procedure, ProcedureKey = "cap-phieu-lltp" };
        var caseId = Guid.NewGuid();
        db.Documents.Add(document);
        db.DocumentVersions.Add(new DocumentVersion
        {
            Id = Guid.NewGuid(), DocumentId = document.Id, AgencyId = agency.Id, Sequence = 1, IssueNo = 1, Title = document.Title, Markdown = "## 1. Mục đích",
            Status = DocumentVersionStatus.InReview, ReviewCaseId = caseId, ProcedureDefinitionId = carried.Id, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        });
        db.Set<WorkflowCaseRecord>().Add(new WorkflowCaseRecord { Id = caseId, AgencyId = agency.Id, DefinitionKey = "document-control", VariablesJson = "{}" });
        await db.SaveChangesAsync(Ct);
        return (caseId, agency.Id, published.Id, carried.Id);
    }
}
