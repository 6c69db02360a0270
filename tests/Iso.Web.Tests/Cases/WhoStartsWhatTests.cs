using Iso.Data.Seeding;
using Iso.Web.Application;
using Iso.Web.Cases;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cases;

/// <summary>Reception staff start TTHC cases; the ISO procedures are started by the quality officer or a leader.</summary>
public sealed class WhoStartsWhatTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("motcua.stp", "tthc-mot-cap", true)]
    [InlineData("chuyenvien.stp", "tthc-mot-cap", false)]
    [InlineData("thuky.stp", "tthc-mot-cap", false)]
    [InlineData("lanhdao.stp", "tthc-mot-cap", false)]
    [InlineData("thuky.stp", "internal-audit", true)]
    [InlineData("lanhdao.stp", "management-review", true)]
    [InlineData("thuky.stp", "nonconformity-corrective-action", true)]
    [InlineData("lanhdao.stp", "document-control", true)]
    [InlineData("motcua.stp", "internal-audit", false)]
    [InlineData("chuyenvien.stp", "internal-audit", false)]
    [InlineData("chuyenvien.stp", "records-control", false)]
    public async Task StartCase_FollowsWhoStartsWhat(string userName, string procedure, bool allowed)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var caller = await scope.ServiceProvider.CallerAsync(userName);

        var result = await scope.Get<StartCase>().HandleAsync(caller, new StartCaseRequest(procedure), Ct);

        if (allowed)
        {
            Assert.True(result.Succeeded, result.Problem?.Detail.Key);
        }
        else
        {
            Assert.Equal(ProblemKind.Forbidden, result.Problem?.Kind);
        }
    }

    [Fact]
    public async Task Reception_ByStaffOutsideTheOneStopDesk_IsForbidden()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var specialist = await scope.ServiceProvider.CallerAsync(DemoAccounts.Staff.UserName);

        var listed = await scope.Get<ListReceptionProcedures>().HandleAsync(specialist, Ct);
        var preview = await scope.Get<PreviewReception>().HandleAsync(specialist, new PreviewReceptionRequest("tthc-mot-cap"), Ct);
        var received = await scope.Get<ReceiveCase>().HandleAsync(specialist,
            new ReceiveCaseRequest("tthc-mot-cap", new ApplicantInput("A", "079301001234", "0912345678", "B"), []), Ct);

        Assert.Equal(ProblemKind.Forbidden, listed.Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, preview.Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, received.Problem?.Kind);
    }

    [Fact]
    public async Task Reception_ListsOnlyTheAgencysOwnPublishedTthcProcedures_WithTheirDocuments()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(DemoAccounts.ReceptionStaff.UserName);

        var listed = await scope.Get<ListReceptionProcedures>().HandleAsync(reception, Ct);

        // Other tests of the shared app publish procedures of their own at Sở Tư pháp; the demo one must be there.
        var procedure = Assert.Single(listed.Value, p => p.Key == "tthc-mot-cap");
        Assert.DoesNotContain(listed.Value, p => p.Key is "tthc-cap-xa" or "tthc-lien-thong" or "document-control" or "nonconformity-corrective-action");
        Assert.Equal(10m, procedure.TimeLimitWorkingDays);
        Assert.Contains(procedure.RequiredDocuments, d => d.Optional);
        Assert.Equal(3, procedure.RequiredDocuments.Count(d => !d.Optional));
    }
}
