using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Iso.Web.Tests.Startup;

/// <summary>
/// The README's run command starts the app in Development, where the host validates every registration (scopes and
/// build). The test hosts run in other environments, so without this a singleton that takes a scoped service would
/// pass every other test and still stop <c>dotnet run</c> at start-up.
/// </summary>
public sealed class DevelopmentServicesTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "iso-dev-services-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task DevelopmentHost_Builds_WithScopeAndBuildValidation()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration["Iso:DataDirectory"] = _dataDirectory;
        builder.AddIsoWeb();

        // Development turns on ValidateScopes and ValidateOnBuild: Build throws on a captive dependency.
        await using var app = builder.Build();

        Assert.True(app.Environment.IsDevelopment());
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
