using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Iso.Data.Tests;

public sealed class IsoOptionsTests
{
    [Fact]
    public void Defaults_UseSqlite_InTheDataFolderUnderTheWorkingDirectory_AndLeaveDemoDataToTheHost()
    {
        var options = Resolve([]);

        Assert.Equal(DatabaseProvider.Sqlite, options.Provider);
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "data"), options.DataDirectoryFullPath);
        Assert.Equal($"Data Source={Path.Combine(Directory.GetCurrentDirectory(), "data", "iso.db")}", options.ResolvedConnectionString);
        Assert.Null(options.SeedDemoData);
        Assert.False(options.AllowDemoPasswords);
    }

    [Fact]
    public void DataDirectory_IsTakenFromConfiguration()
    {
        var folder = Path.Combine(Path.GetTempPath(), "iso-options-test");

        var options = Resolve(new() { ["Iso:DataDirectory"] = folder, ["Iso:Database:Provider"] = "sqlite" });

        Assert.Equal($"Data Source={Path.Combine(folder, "iso.db")}", options.ResolvedConnectionString);
    }

    [Theory]
    [InlineData("Mysql")]
    [InlineData("1")]
    [InlineData("Sqlite,PostgreSql")]
    public void UnknownProvider_FailsWithAMessageNamingTheKeyAndValue(string provider)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Iso:Database:Provider"] = provider }));

        Assert.Contains($"Iso:Database:Provider must be Sqlite or PostgreSql, was '{provider}'.", error.Failures);
    }

    [Fact]
    public void PostgreSql_WithoutConnectionString_FailsWithAMessageNamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Iso:Database:Provider"] = "PostgreSql" }));

        Assert.Contains(error.Failures, f => f.StartsWith("Iso:Database:ConnectionString is required when Iso:Database:Provider is PostgreSql", StringComparison.Ordinal));
    }

    [Fact]
    public void EmptyDataDirectory_FailsWithAMessageNamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Iso:DataDirectory"] = " " }));

        Assert.Contains(error.Failures, f => f.StartsWith("Iso:DataDirectory must not be empty", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateOnStart_StopsTheHost_WhenTheProviderIsWrong()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Iso:Database:Provider"] = "Oracle" });
        builder.Services.AddIsoData(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Iso:Database:Provider must be Sqlite or PostgreSql, was 'Oracle'.", error.Failures);
    }

    private static IsoOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddIsoData(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<IsoOptions>>().Value;
    }
}
