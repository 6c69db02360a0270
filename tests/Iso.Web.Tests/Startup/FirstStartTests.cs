using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Data.Seeding;
using Iso.Web.Cli;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Startup;

/// <summary>A fresh Production install: no demo account, the first administrator from the CLI, and a refusal to start while a
/// demo account keeps the published password.</summary>
public sealed class FirstStartTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "iso-first-start-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ProductionStart_OnAFreshDatabase_HasNoAccount_ButTheRolesAndCalendar()
    {
        await using var app = new ProductionApp(_dataDirectory);
        app.StartServer();

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        Assert.Equal(0, await db.Users.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(IsoRoles.All.Count, await db.Roles.CountAsync(TestContext.Current.CancellationToken));
        Assert.NotEqual(0, await db.CalendarYears.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.Agencies.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AdminCreate_WithAPassword_CreatesAnAdministratorWhoCanSignIn()
    {
        var (exit, output, error) = await RunAsync("admin", "create", "--user", "qtv", "--password", "Lam.Dong-2027", "--name", "Nguyễn Thị Quản Trị");

        Assert.True(exit == 0, error);
        Assert.Contains("qtv", output, StringComparison.Ordinal);
        Assert.DoesNotContain("một lần", output, StringComparison.Ordinal);

        await using var app = new ProductionApp(_dataDirectory);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "qtv", password = "Lam.Dong-2027" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>();
        var admin = await users.FindByNameAsync("qtv");
        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, IsoRoles.Administrator));
        Assert.False(admin.MustChangePassword);
        Assert.Equal("Nguyễn Thị Quản Trị", admin.FullName);
    }

    [Fact]
    public async Task AdminCreate_WithoutAPassword_PrintsAOneTimePasswordThatMustBeChanged()
    {
        var (exit, output, error) = await RunAsync("admin", "create", "--user", "qtv");

        Assert.True(exit == 0, error);
        var line = output.Split('\n').Single(l => l.StartsWith("Mật khẩu dùng một lần: ", StringComparison.Ordinal));
        var oneTime = line["Mật khẩu dùng một lần: ".Length..].Trim();
        Assert.Equal(16, oneTime.Length);

        await using var app = new ProductionApp(_dataDirectory);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>();
        var admin = await users.FindByNameAsync("qtv");
        Assert.NotNull(admin);
        Assert.True(admin.MustChangePassword);
        Assert.True(await users.CheckPasswordAsync(admin, oneTime));
    }

    [Fact]
    public async Task AdminCreate_WithAWeakPasswordOrATakenName_IsRefused_AndStoresNothingMore()
    {
        var (weak, _, weakError) = await RunAsync("admin", "create", "--user", "qtv", "--password", "abc");
        Assert.Equal(1, weak);
        Assert.False(string.IsNullOrWhiteSpace(weakError));

        Assert.Equal(0, (await RunAsync("admin", "create", "--user", "qtv", "--password", "Lam.Dong-2027")).Exit);
        var (taken, _, takenError) = await RunAsync("admin", "create", "--user", "QTV", "--password", "Lam.Dong-2028");
        Assert.Equal(1, taken);
        Assert.Contains("qtv", takenError, StringComparison.OrdinalIgnoreCase);

        await using var app = new ProductionApp(_dataDirectory);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<IsoDbContext>().Users.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AdminCreate_WithoutUser_IsAUsageError()
    {
        Assert.Equal(IsoCommandLine.UsageErrorExitCode, (await RunAsync("admin", "create", "--password", "Lam.Dong-2027")).Exit);
    }

    [Fact]
    public async Task ProductionStart_WithADemoAccountOnTheDemoPassword_IsRefused_UntilThePasswordsAreChanged()
    {
        Assert.Equal(0, (await RunAsync("seed", "--demo")).Exit);

        // The real executable, as an operator starts it: the host must not come up, and stderr says why.
        var (refusedExit, refusedError) = await StartExecutableAsync();
        Assert.Equal(1, refusedExit);
        Assert.Contains(DemoAccounts.Administrator.UserName, refusedError, StringComparison.Ordinal);
        Assert.Contains("admin password", refusedError, StringComparison.Ordinal);

        foreach (var account in DemoAccounts.All)
        {
            Assert.Equal(0, (await RunAsync("admin", "password", "--user", account.UserName, "--password", "Rieng.Tu-2027")).Exit);
        }

        await using var app = new ProductionApp(_dataDirectory);
        app.StartServer();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var login = await client.PostAsJsonAsync(
            "/api/v1/auth/login", new { userName = DemoAccounts.Administrator.UserName, password = "Rieng.Tu-2027" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task<(int Exit, string Error)> StartExecutableAsync()
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Iso.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.ArgumentList.Add($"--Iso:DataDirectory={_dataDirectory}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The app did not stop by itself:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await error);
    }

    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await IsoCommandLine.RunAsync([.. args, $"--Iso:DataDirectory={_dataDirectory}"], _ => Task.FromResult(-1), output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The app as a Production install runs it: no demo setting, no allowance for demo passwords.</summary>
    private sealed class ProductionApp(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Iso:DataDirectory", dataDirectory);
        }
    }
}
