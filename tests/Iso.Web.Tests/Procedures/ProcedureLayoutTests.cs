using Iso.Web.Application;
using Iso.Web.Procedures;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Iso.Web.Tests.Procedures.ProcedureTestData;

namespace Iso.Web.Tests.Procedures;

public sealed class ProcedureLayoutTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SaveLayout_IsKeptWithTheDraft_WithoutMovingItsRevision_AndReplacedByTheNextSave()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        var draft = await AdoptAsync(scope, officer, key);
        var authoring = scope.Get<ProcedureAuthoring>();

        var saved = await authoring.SaveLayoutAsync(officer, key, 1, new Dictionary<string, FlowPoint> { ["assign"] = new(640.25, 180) }, Ct);
        Assert.True(saved.Succeeded, saved.Problem?.ToString());
        var again = await authoring.SaveLayoutAsync(officer, key, 1, new Dictionary<string, FlowPoint> { ["assign"] = new(700, 200), ["review"] = new(100, 500) }, Ct);
        Assert.True(again.Succeeded);

        var read = (await scope.Get<ProcedureCatalogue>().GetVersionAsync(officer, null, key, 1, Ct)).Value;
        Assert.Equal(new FlowPoint(700, 200), read.Layout["assign"]);
        Assert.Equal(new FlowPoint(100, 500), read.Layout["review"]);
        Assert.Equal(draft.ETag, read.ETag);
    }

    [Fact]
    public async Task TheNextDraft_StartsFromTheLayoutOfTheVersionItCopies()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var author = await scope.ServiceProvider.CallerAsync(Leader);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var authoring = scope.Get<ProcedureAuthoring>();
        Assert.True((await authoring.SaveLayoutAsync(officer, key, 1, new Dictionary<string, FlowPoint> { ["deliver"] = new(50, 900) }, Ct)).Succeeded);
        var publishing = scope.Get<ProcedurePublishing>();
        Assert.True((await publishing.SubmitAsync(officer, key, 1, Ct)).Succeeded);
        var approved = await publishing.ApproveAsync(author, key, 1, new ApproveProcedureRequest("12/QĐ-STP", new DateOnly(2026, 12, 1)), Ct);
        Assert.True(approved.Succeeded, approved.Problem?.ToString());

        var next = await authoring.CreateAsync(officer, new CreateProcedureRequest(CopyOf: key, CopyOfVersion: 1), Ct);

        Assert.Equal(2, next.Value.Version);
        Assert.Equal(new FlowPoint(50, 900), next.Value.Layout["deliver"]);
    }

    [Fact]
    public async Task SaveLayout_OfAPublishedVersion_IsAConflict_ByStaff_IsForbidden_AndBadPoints_AreInvalid()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var staff = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var authoring = scope.Get<ProcedureAuthoring>();

        var forbidden = await authoring.SaveLayoutAsync(staff, key, 1, new Dictionary<string, FlowPoint>(), Ct);
        Assert.Equal(ProblemKind.Forbidden, forbidden.Problem?.Kind);

        var invalid = await authoring.SaveLayoutAsync(officer, key, 1, new Dictionary<string, FlowPoint> { ["assign"] = new(double.NaN, 3), ["review"] = new(1, 1e9) }, Ct);
        Assert.Equal(ProblemKind.Invalid, invalid.Problem?.Kind);
        Assert.Contains("positions.assign", invalid.Problem!.Errors.Keys);
        Assert.Contains("positions.review", invalid.Problem!.Errors.Keys);

        var missing = await authoring.SaveLayoutAsync(officer, key, 9, new Dictionary<string, FlowPoint>(), Ct);
        Assert.Equal(ProblemKind.NotFound, missing.Problem?.Kind);

        Assert.True((await scope.Get<ProcedurePublishing>().SubmitAsync(officer, key, 1, Ct)).Succeeded);
        var submitted = await authoring.SaveLayoutAsync(officer, key, 1, new Dictionary<string, FlowPoint>(), Ct);
        Assert.Equal(ProblemKind.Conflict, submitted.Problem?.Kind);
    }

    [Fact]
    public void Clipboard_KeepsOneCopyPerUser_AndRefusesAnOversizedOne()
    {
        var clipboard = new StepClipboard(TimeProvider.System);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        Assert.True(clipboard.Copy(a, "[{\"id\":\"x\"}]", "p1", 1, ["x"]));
        Assert.True(clipboard.Copy(a, "[{\"id\":\"y\"}]", "p2", 3, ["y"]));

        Assert.Equal("p2", clipboard.Peek(a)!.SourceKey);
        Assert.Null(clipboard.Peek(b));
        Assert.False(clipboard.Copy(b, new string('x', StepClipboard.MaxLength + 1), "p", 1, []));
        Assert.Null(clipboard.Peek(b));
    }
}
