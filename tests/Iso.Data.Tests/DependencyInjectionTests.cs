using Iso.Data.History;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Data.Tests;

public sealed class DependencyInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Actor(Guid? UserId, string UserName, Guid? AgencyId) : ICurrentActor;

    [Fact]
    public async Task ScopedContext_IsOnePerScope_AndTheFactoryMakesNewOnes_ForTheScopesActor()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = database.CreateScope();
        var services = scope.ServiceProvider;

        var scoped = services.GetRequiredService<IsoDbContext>();
        await using var created = await services.GetRequiredService<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);

        Assert.IsType<SqliteIsoDbContext>(scoped);
        Assert.Same(scoped, services.GetRequiredService<IsoDbContext>());
        Assert.NotSame(scoped, created);
        Assert.Same(SystemActor.Instance, created.Actor);
    }

    [Fact]
    public async Task Factory_AttributesChanges_ToTheRegisteredActor()
    {
        var actor = new Actor(Guid.NewGuid(), "lanhdao.stp", null);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite,
            configureServices: services => services.AddScoped<ICurrentActor>(_ => actor));
        await using var scope = database.CreateScope();

        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        db.AgencyKinds.Add(new Iso.Data.Organisation.AgencyKind { Code = "province", NameVi = "UBND cấp tỉnh", NameEn = "Province" });
        await db.SaveChangesAsync(Ct);

        Assert.Equal("lanhdao.stp", (await db.History.SingleAsync(Ct)).UserName);
    }

    [Fact]
    public async Task DataProtectionKeys_AreStoredInTheDatabase_AndNeverInTheHistory()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var protector = database.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

        var token = protector.Protect("xin chào");

        Assert.Equal("xin chào", protector.Unprotect(token));
        await using var db = database.CreateContext();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync(Ct));
        Assert.Empty(await db.History.ToListAsync(Ct));
    }
}
