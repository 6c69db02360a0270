using Iso.Data;
using Iso.Data.Seeding;
using Iso.Web.Accounts;
using Iso.Web.Auth;

namespace Iso.Web.Cli;

/// <summary><c>admin create</c> (the first administrator of a fresh installation) and <c>admin password</c> (a new password
/// for an account, e.g. the demo accounts before a Production start).</summary>
internal static class AdminVerbs
{
    public static CliVerb Create { get; } = new(
        "admin create", "--user <tên> [--password <mật-khẩu>] [--name <họ-tên>] [--agency <mã>]",
        "Tạo tài khoản quản trị hệ thống; không có --password thì in mật khẩu dùng một lần (phải đổi khi đăng nhập).",
        invocation => RunAsync(invocation, ["--user", "--password", "--name", "--agency"], async (provisioning, options) =>
        {
            var result = await provisioning.CreateAdministratorAsync(options.Get("--user")!, options.Get("--password"), options.Get("--name"), options.Get("--agency"));
            if (result.Succeeded)
            {
                await invocation.Out.WriteLineAsync($"Đã tạo tài khoản quản trị '{options.Get("--user")}' thuộc {result.AgencyName}.");
            }

            return result;
        }));

    public static CliVerb Password { get; } = new(
        "admin password", "--user <tên> [--password <mật-khẩu>]",
        "Đặt lại mật khẩu một tài khoản (mở khoá, kết thúc các phiên đang mở); không có --password thì in mật khẩu dùng một lần.",
        invocation => RunAsync(invocation, ["--user", "--password"], async (provisioning, options) =>
        {
            var result = await provisioning.SetPasswordAsync(options.Get("--user")!, options.Get("--password"));
            if (result.Succeeded)
            {
                await invocation.Out.WriteLineAsync($"Đã đặt mật khẩu mới cho '{options.Get("--user")}'.");
            }

            return result;
        }));

    private static async Task<int> RunAsync(
        CliInvocation invocation, string[] valued, Func<AccountProvisioning, CliOptions, Task<ProvisioningResult>> act)
    {
        var options = CliOptions.Parse(invocation.Arguments, valued, [], out var error);
        if (error is null && string.IsNullOrWhiteSpace(options.Get("--user")))
        {
            error = "Cần --user <tên đăng nhập>.";
        }

        if (error is not null)
        {
            await invocation.Error.WriteLineAsync(error);
            return IsoCommandLine.UsageErrorExitCode;
        }

        await using var app = new CliInvocation(options.Settings, invocation.Out, invocation.Error).BuildApplication(b =>
        {
            b.Services.AddIsoIdentity();
            b.Services.AddScoped<AccountProvisioning>();
        });
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        await services.GetRequiredService<ReferenceDataSeeder>().SeedAsync();

        var result = await act(services.GetRequiredService<AccountProvisioning>(), options);
        if (!result.Succeeded)
        {
            foreach (var problem in result.Errors)
            {
                await invocation.Error.WriteLineAsync(problem);
            }

            return 1;
        }

        if (result.OneTimePassword is { } oneTime)
        {
            await invocation.Out.WriteLineAsync($"Mật khẩu dùng một lần: {oneTime}");
            await invocation.Out.WriteLineAsync("Người dùng phải đổi mật khẩu này ở lần đăng nhập đầu tiên.");
        }

        return 0;
    }
}
