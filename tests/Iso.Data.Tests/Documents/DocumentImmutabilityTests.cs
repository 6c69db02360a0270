using System.Data.Common;
using Iso.Data.Documents;
using Iso.Data.Organisation;
using Iso.Data.Providers;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Tests.Documents;

/// <summary>Issued document versions are immutable in the database itself (triggers on both providers) and in the
/// context; a <c>document.publish</c> effect row makes the version under review effective and supersedes the one before.</summary>
public sealed class DocumentImmutabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "UPDATE \"DocumentVersions\" SET \"Markdown\" = 'sửa lén'")]
    [InlineData(DatabaseProvider.Sqlite, "UPDATE \"DocumentVersions\" SET \"Status\" = 'Draft'")]
    [InlineData(DatabaseProvider.Sqlite, "UPDATE \"DocumentVersions\" SET \"Status\" = 'Superseded', \"Title\" = 'khác'")]
    [InlineData(DatabaseProvider.Sqlite, "DELETE FROM \"DocumentVersions\"")]
    [InlineData(DatabaseProvider.Sqlite, "DELETE FROM \"DocumentAttachments\"")]
    [InlineData(DatabaseProvider.PostgreSql, "UPDATE \"DocumentVersions\" SET \"Markdown\" = 'sửa lén'")]
    [InlineData(DatabaseProvider.PostgreSql, "UPDATE \"DocumentVersions\" SET \"Status\" = 'Draft'")]
    [InlineData(DatabaseProvider.PostgreSql, "UPDATE \"DocumentVersions\" SET \"Status\" = 'Superseded', \"Title\" = 'khác'")]
    [InlineData(DatabaseProvider.PostgreSql, "DELETE FROM \"DocumentVersions\"")]
    [InlineData(DatabaseProvider.PostgreSql, "DELETE FROM \"DocumentAttachments\"")]
    public async Task EffectiveVersion_ChangedThroughRawSql_IsRefusedByTheDatabase(DatabaseProvider provider, string sql)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (_, versionId) = await AddDocumentAsync(database, DocumentVersionStatus.Effective, withAttachment: true);
        await using var db = database.CreateContext();

        var error = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(sql, Ct));

        Assert.Contains("immutable", error.Message, StringComparison.Ordinal);
        var stored = await db.DocumentVersions.AsNoTracking().SingleAsync(v => v.Id == versionId, Ct);
        Assert.Equal((DocumentVersionStatus.Effective, "## 1. Mục đích", "Quy trình tiếp nhận"), (stored.Status, stored.Markdown, stored.Title));
        Assert.Equal(1, await db.DocumentAttachments.CountAsync(Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task EffectiveVersion_MayOnlyMoveOnToSupersededOrObsolete(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (_, versionId) = await AddDocumentAsync(database, DocumentVersionStatus.Effective);
        await using var db = database.CreateContext();

        await db.Database.ExecuteSqlRawAsync("UPDATE \"DocumentVersions\" SET \"Status\" = 'Obsolete'", Ct);
        var afterwards = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"DocumentVersions\" SET \"Status\" = 'Effective'", Ct));

        Assert.Contains("immutable", afterwards.Message, StringComparison.Ordinal);
        Assert.Equal(DocumentVersionStatus.Obsolete, (await db.DocumentVersions.AsNoTracking().SingleAsync(v => v.Id == versionId, Ct)).Status);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task DraftVersion_CanBeChanged(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await AddDocumentAsync(database, DocumentVersionStatus.Draft, withAttachment: true);
        await using var db = database.CreateContext();

        Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("UPDATE \"DocumentVersions\" SET \"Markdown\" = 'bản mới'", Ct));
        Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("DELETE FROM \"DocumentAttachments\"", Ct));
    }

    [Fact]
    public async Task EffectiveVersion_ChangedThroughTheContext_IsRefusedBeforeAnythingIsSent()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (_, versionId) = await AddDocumentAsync(database, DocumentVersionStatus.Effective);
        await using var db = database.CreateContext();
        var version = await db.DocumentVersions.SingleAsync(v => v.Id == versionId, Ct);

        version.Markdown = "sửa";
        await Assert.ThrowsAsync<ImmutableDocumentVersionException>(() => db.SaveChangesAsync(Ct));
        version.Markdown = "## 1. Mục đích";
        db.DocumentVersions.Remove(version);
        await Assert.ThrowsAsync<ImmutableDocumentVersionException>(() => db.SaveChangesAsync(Ct));

        db.ChangeTracker.Clear();
        var again = await db.DocumentVersions.SingleAsync(v => v.Id == versionId, Ct);
        again.Status = DocumentVersionStatus.Superseded;
        again.SupersededAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task SqliteTrigger_ListsEveryColumnButTheLifecycleOnes()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        await using var db = database.CreateContext();
        var columns = db.Model.FindEntityType(typeof(DocumentVersion))!.GetProperties().Select(p => p.GetColumnName())
            .Except(DocumentVersion.LifecycleProperties).Order(StringComparer.Ordinal);

        Assert.Equal(columns, SqliteProvider.DocumentVersionContentColumns.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PublishEffect_MakesTheVersionInReviewEffective_AndSupersedesTheOneInForce(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (documentId, firstId) = await AddDocumentAsync(database, DocumentVersionStatus.Effective);
        var caseId = Guid.NewGuid();
        var secondId = Guid.NewGuid();
        await using (var db = database.CreateContext())
        {
            var agencyId = (await db.Documents.SingleAsync(Ct)).AgencyId;
            db.DocumentVersions.Add(NewVersion(documentId, agencyId, secondId, 2, DocumentVersionStatus.InReview, "Quy trình sửa đổi", caseId));
            db.Set<WorkflowCaseRecord>().Add(new WorkflowCaseRecord { Id = caseId, AgencyId = agencyId, DefinitionKey = "document-control", VariablesJson = "{}" });
            await db.SaveChangesAsync(Ct);
            db.Set<WorkflowEffectRecord>().Add(new WorkflowEffectRecord
            {
                Id = Guid.NewGuid(), AgencyId = agencyId, CaseId = caseId, Kind = "document.publish", ActorId = Guid.NewGuid(), ActorName = "Lê Minh Tuấn",
                Value = "2026-12-20", CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(Ct);
        }

        await using var check = database.CreateContext();
        var versions = await check.DocumentVersions.AsNoTracking().OrderBy(v => v.Sequence).ToListAsync(Ct);
        Assert.Equal([DocumentVersionStatus.Superseded, DocumentVersionStatus.Effective], versions.Select(v => v.Status));
        Assert.NotNull(versions[0].SupersededAt);
        Assert.Equal(("Lê Minh Tuấn", new DateOnly(2026, 12, 20)), (versions[1].ApprovedByName, versions[1].EffectiveOn));
        var document = await check.Documents.AsNoTracking().SingleAsync(Ct);
        Assert.Equal((secondId, "Quy trình sửa đổi"), (document.EffectiveVersionId!.Value, document.Title));
        Assert.NotEqual(firstId, secondId);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PublishEffect_WithNoVersionInReview_IsRefused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await AddDocumentAsync(database, DocumentVersionStatus.Effective);
        await using var db = database.CreateContext();
        var agencyId = (await db.Documents.SingleAsync(Ct)).AgencyId;
        var caseId = Guid.NewGuid();
        db.Set<WorkflowCaseRecord>().Add(new WorkflowCaseRecord { Id = caseId, AgencyId = agencyId, DefinitionKey = "document-control", VariablesJson = "{}" });
        await db.SaveChangesAsync(Ct);
        db.Set<WorkflowEffectRecord>().Add(new WorkflowEffectRecord
        {
            Id = Guid.NewGuid(), AgencyId = agencyId, CaseId = caseId, Kind = "document.publish", Value = "2026-12-20", CreatedAt = DateTimeOffset.UtcNow,
        });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));

        Assert.Contains("no document version of this case is in review", error.InnerException!.Message, StringComparison.Ordinal);
    }

    private static async Task<(Guid DocumentId, Guid VersionId)> AddDocumentAsync(TestDatabase database, DocumentVersionStatus status, bool withAttachment = false)
    {
        await using var db = database.CreateContext();
        db.AgencyKinds.Add(new AgencyKind { Code = "department", NameVi = "Sở/ngành", NameEn = "Department" });
        var agency = new Agency { Id = Guid.NewGuid(), Code = "STP", Name = "Sở Tư pháp", KindCode = "department", EffectiveFrom = new DateOnly(2021, 1, 1) };
        db.Agencies.Add(agency);
        var document = new Document { Id = Guid.NewGuid(), AgencyId = agency.Id, Code = "QT-01", Title = "Quy trình tiếp nhận", Kind = DocumentKind.Procedure };
        // Written as a draft (attachments belong to drafts), then issued, as the approval does.
        var version = NewVersion(document.Id, agency.Id, Guid.NewGuid(), 1, DocumentVersionStatus.Draft, "Quy trình tiếp nhận", null);
        db.Documents.Add(document);
        db.DocumentVersions.Add(version);
        if (withAttachment)
        {
            db.DocumentFiles.Add(new DocumentFile { Sha256 = new string('a', 64), Size = 4, Content = [1, 2, 3, 4] });
            db.DocumentAttachments.Add(new DocumentAttachment
            {
                Id = Guid.NewGuid(), VersionId = version.Id, AgencyId = agency.Id, FileName = "BM-01.pdf", ContentType = "application/pdf", Size = 4, Sha256 = new string('a', 64),
            });
        }

        await db.SaveChangesAsync(Ct);
        version.Status = status;
        version.EffectiveOn = status == DocumentVersionStatus.Effective ? new DateOnly(2026, 1, 1) : null;
        document.EffectiveVersionId = status == DocumentVersionStatus.Effective ? version.Id : null;
        await db.SaveChangesAsync(Ct);
        return (document.Id, version.Id);
    }

    private static DocumentVersion NewVersion(Guid documentId, Guid agencyId, Guid id, int sequence, DocumentVersionStatus status, string title, Guid? caseId) => new()
    {
        Id = id,
        DocumentId = documentId,
        AgencyId = agencyId,
        Sequence = sequence,
        IssueNo = sequence,
        Title = title,
        Markdown = "## 1. Mục đích",
        Status = status,
        ReviewCaseId = caseId,
        EffectiveOn = status == DocumentVersionStatus.Effective ? new DateOnly(2026, 1, 1) : null,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };
}
