using Iso.Data;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Workflows;

public sealed class WorkflowTemplateSeederTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartUp_PublishesEveryShippedTemplate()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IWorkflowDefinitionStore>();

        var templates = await store.ListAsync(null, Ct);

        var shipped = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows"), "*.json")
            .Select(Path.GetFileNameWithoutExtension).Where(n => n != "schema").Order().ToList();
        Assert.True(shipped.Count >= 8, $"expected the shipped templates next to the executable, found {shipped.Count}");
        Assert.Equal(shipped, templates.Where(t => t.Status == DefinitionStatus.Published).Select(t => t.Key).Order());
    }

    [Theory]
    [InlineData("STP", "tthc-mot-cap")]
    [InlineData("NGHIADUC", "tthc-cap-xa")]
    [InlineData("SNV", "tthc-lien-thong")]
    public async Task DemoAgencies_HaveAdoptedTheirProcedures(string agencyCode, string template)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var agencyId = await db.Agencies.Where(a => a.Code == agencyCode).Select(a => a.Id).SingleAsync(Ct);

        var store = scope.ServiceProvider.GetRequiredService<IWorkflowDefinitionStore>();
        var adopted = await store.FindPublishedAsync(agencyId, template, Ct);
        var published = await store.FindPublishedAsync(null, template, Ct);

        Assert.NotNull(adopted);
        Assert.Equal((template, published!.Version), (adopted.SourceKey, adopted.SourceVersion));
    }
}
