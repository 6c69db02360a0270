using System.Text;
using Iso.Data.Documents;
using Iso.Data.Documents.Search;
using Iso.Data.Organisation;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Data.Tests.Documents.Search;

/// <summary>Full-text search of the documents in force, the same behaviour on SQLite FTS5 and PostgreSQL: insensitive to
/// Vietnamese diacritics including đ/Đ, exact matches first, scoped to one agency, kept in step with the versions'
/// status by the database.</summary>
public sealed class DocumentSearchTests
{
    private static readonly Guid Agency = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    private static readonly Guid OtherAgency = Guid.Parse("0193a000-0000-7000-8000-000000000002");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Search_WithoutDiacritics_FindsTheTextWithThem_IncludingD(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        await AddAsync(database, Agency, "QT-01", "Quy trình kiểm soát tài liệu", "## 1. Mục đích\n\nĐăng ký kiểm soát tài liệu nội bộ của đơn vị.");
        await AddAsync(database, Agency, "QT-02", "Quy trình đánh giá nội bộ", "Lập kế hoạch đánh giá hằng năm.");

        var page = await SearchAsync(database, "dang ky kiem soat");

        var hit = Assert.Single(page.Hits);
        Assert.Equal(("QT-01", 1), (hit.Code, page.Total));
        Assert.Contains($"{SearchText.HighlightStart}Đăng{SearchText.HighlightEnd}", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains($"{SearchText.HighlightStart}kiểm{SearchText.HighlightEnd}", hit.TitleHighlight, StringComparison.Ordinal);
        Assert.False(hit.ExactMatch);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Search_FoldsDWithStroke_BothWays(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        await AddAsync(database, Agency, "QT-03", "ĐO LƯỜNG", "Đơn vị đo lường chuẩn.");
        await AddAsync(database, Agency, "HD-01", "Huong dan", "Don gian, de dung (van ban khong dau).");

        Assert.Equal(["QT-03"], Codes(await SearchAsync(database, "do luong")));
        Assert.Equal(["QT-03"], Codes(await SearchAsync(database, "DON VI")));
        Assert.Equal(["HD-01"], Codes(await SearchAsync(database, "Đơn giản")));
        Assert.Equal(["HD-01"], Codes(await SearchAsync(database, "đễ dùng")));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Search_FoldsLettersWithTwoMarks_AndDecomposedText(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        await AddAsync(database, Agency, "CS-01", "Chính sách chất lượng", "Cam kết của Việt Nam về chất lượng dịch vụ hành chính công.");
        await AddAsync(database, Agency, "MT-01", "Mục tiêu", "Nâng cao sự hài lòng của người dân.".Normalize(NormalizationForm.FormD));

        Assert.Equal(["CS-01"], Codes(await SearchAsync(database, "viet nam chat luong")));
        Assert.Equal(["CS-01"], Codes(await SearchAsync(database, "chất lượng")));
        Assert.Equal(["MT-01"], Codes(await SearchAsync(database, "hai long nguoi dan")));
        var exact = Assert.Single((await SearchAsync(database, "hài lòng")).Hits);
        Assert.True(exact.ExactMatch, "Text typed decomposed (NFD) matches the composed query as typed.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "má", "BM-02")]
    [InlineData(DatabaseProvider.Sqlite, "mà", "BM-03")]
    [InlineData(DatabaseProvider.Sqlite, "ma", "BM-01")]
    [InlineData(DatabaseProvider.PostgreSql, "má", "BM-02")]
    [InlineData(DatabaseProvider.PostgreSql, "mà", "BM-03")]
    [InlineData(DatabaseProvider.PostgreSql, "ma", "BM-01")]
    public async Task Search_RanksExactDiacriticMatchesFirst(DatabaseProvider provider, string query, string expectedFirst)
    {
        await using var database = await CreateAsync(provider);
        // Each text says its word more often than the one before, so BM25 alone would rank them the other way round.
        await AddAsync(database, Agency, "BM-01", "Biểu mẫu một", "Phiếu ghi ma số.");
        await AddAsync(database, Agency, "BM-02", "Biểu mẫu hai", "Phiếu ghi má, má và má.");
        await AddAsync(database, Agency, "BM-03", "Biểu mẫu ba", "Phiếu ghi mà, mà, mà và mà nữa.");

        var page = await SearchAsync(database, query);

        Assert.Equal(3, page.Total);
        Assert.Equal(expectedFirst, page.Hits[0].Code);
        Assert.Equal([true, false, false], page.Hits.Select(h => h.ExactMatch));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Search_IsScopedToTheAgency_AndByKind(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        await AddAsync(database, Agency, "QT-01", "Tiếp nhận hồ sơ", "Tiếp nhận hồ sơ tại bộ phận một cửa.");
        await AddAsync(database, Agency, "BM-01", "Phiếu tiếp nhận hồ sơ", "Mẫu phiếu.", DocumentKind.Form);
        await AddAsync(database, OtherAgency, "QT-01", "Tiếp nhận hồ sơ", "Tiếp nhận hồ sơ của sở khác.");

        var page = await SearchAsync(database, "tiep nhan ho so");
        var forms = await database.CreateScope().ServiceProvider.GetRequiredService<IDocumentSearch>()
            .SearchAsync(new DocumentSearchQuery(Agency, "tiep nhan", DocumentKind.Form), Ct);

        Assert.Equal(2, page.Total);
        Assert.All(page.Hits, h => Assert.NotEqual(OtherAgency, AgencyOf(database, h.DocumentId)));
        Assert.Equal(["BM-01"], Codes(forms));
        Assert.Equal(["BM-01"], Codes(await SearchAsync(database, "bm-01")));
        Assert.Equal(["BM-01"], Codes(await SearchAsync(database, "BM 01")));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Index_FollowsTheVersionsStatus_InTheSameTransaction(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var (documentId, firstId) = await AddAsync(database, Agency, "QT-05", "Quy trình lưu trữ", "Lưu trữ hồ sơ giấy.", status: DocumentVersionStatus.Draft);
        Assert.Equal(0, (await SearchAsync(database, "luu tru")).Total);

        await using (var db = database.CreateContext())
        {
            var first = await db.DocumentVersions.SingleAsync(v => v.Id == firstId, Ct);
            first.Status = DocumentVersionStatus.Effective;
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(["QT-05"], Codes(await SearchAsync(database, "ho so giay")));

        // A revision published through the document.publish effect (as the approval does): the old text leaves the index.
        var caseId = Guid.NewGuid();
        await using (var db = database.CreateContext())
        {
            db.DocumentVersions.Add(Version(documentId, Agency, 2, "Quy trình lưu trữ", "Lưu trữ hồ sơ điện tử.", DocumentVersionStatus.InReview, caseId));
            db.Set<WorkflowCaseRecord>().Add(new WorkflowCaseRecord { Id = caseId, AgencyId = Agency, DefinitionKey = "document-control", VariablesJson = "{}" });
            await db.SaveChangesAsync(Ct);
            db.Set<WorkflowEffectRecord>().Add(new WorkflowEffectRecord
            {
                Id = Guid.NewGuid(), AgencyId = Agency, CaseId = caseId, Kind = "document.publish", ActorName = "Lê Minh Tuấn", Value = "2026-12-20", CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(0, (await SearchAsync(database, "giay")).Total);
        var revised = Assert.Single((await SearchAsync(database, "dien tu")).Hits);
        Assert.NotEqual(firstId, revised.VersionId);

        await using (var db = database.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"DocumentVersions\" SET \"Status\" = 'Obsolete' WHERE \"Status\" = 'Effective'", Ct);
        }

        Assert.Equal(0, (await SearchAsync(database, "luu tru")).Total);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Search_PagesThroughTheHits(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        for (var i = 1; i <= 5; i++)
        {
            await AddAsync(database, Agency, $"HD-0{i}", $"Hướng dẫn số {i}", "Hướng dẫn sử dụng phần mềm một cửa.");
        }

        var search = database.CreateScope().ServiceProvider.GetRequiredService<IDocumentSearch>();
        var first = await search.SearchAsync(new DocumentSearchQuery(Agency, "huong dan", Take: 2), Ct);
        var last = await search.SearchAsync(new DocumentSearchQuery(Agency, "huong dan", Skip: 4, Take: 2), Ct);

        Assert.Equal((5, 2, 5, 1), (first.Total, first.Hits.Count, last.Total, last.Hits.Count));
        Assert.Empty((await SearchAsync(database, "  ,;  ")).Hits);
        Assert.Empty((await SearchAsync(database, "\"OR\" NEAR(huong*")).Hits);
    }

    private static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        db.AgencyKinds.Add(new AgencyKind { Code = "department", NameVi = "Sở/ngành", NameEn = "Department" });
        db.Agencies.Add(new Agency { Id = Agency, Code = "STP", Name = "Sở Tư pháp", KindCode = "department", EffectiveFrom = new DateOnly(2021, 1, 1) });
        db.Agencies.Add(new Agency { Id = OtherAgency, Code = "SYT", Name = "Sở Y tế", KindCode = "department", EffectiveFrom = new DateOnly(2021, 1, 1) });
        await db.SaveChangesAsync(Ct);
        return database;
    }

    private static async Task<(Guid DocumentId, Guid VersionId)> AddAsync(
        TestDatabase database, Guid agencyId, string code, string title, string markdown, DocumentKind kind = DocumentKind.Procedure,
        DocumentVersionStatus status = DocumentVersionStatus.Effective)
    {
        await using var db = database.CreateContext();
        var document = new Document { Id = Guid.NewGuid(), AgencyId = agencyId, Code = code, Title = title, Kind = kind };
        var version = Version(document.Id, agencyId, 1, title, markdown, status, null);
        document.EffectiveVersionId = status == DocumentVersionStatus.Effective ? version.Id : null;
        db.Documents.Add(document);
        db.DocumentVersions.Add(version);
        await db.SaveChangesAsync(Ct);
        return (document.Id, version.Id);
    }

    private static DocumentVersion Version(Guid documentId, Guid agencyId, int sequence, string title, string markdown, DocumentVersionStatus status, Guid? caseId) => new()
    {
        Id = Guid.NewGuid(),
        DocumentId = documentId,
        AgencyId = agencyId,
        Sequence = sequence,
        IssueNo = sequence,
        Title = title,
        Markdown = markdown,
        Status = status,
        ReviewCaseId = caseId,
        EffectiveOn = status == DocumentVersionStatus.Effective ? new DateOnly(2026, 1, 1) : null,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static async Task<DocumentSearchPage> SearchAsync(TestDatabase database, string text)
    {
        await using var scope = database.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IDocumentSearch>().SearchAsync(new DocumentSearchQuery(Agency, text), Ct);
    }

    private static List<string> Codes(DocumentSearchPage page) => page.Hits.Select(h => h.Code).ToList();

    private static Guid AgencyOf(TestDatabase database, Guid documentId)
    {
        using var db = database.CreateContext();
        return db.Documents.AsNoTracking().Single(d => d.Id == documentId).AgencyId;
    }
}
