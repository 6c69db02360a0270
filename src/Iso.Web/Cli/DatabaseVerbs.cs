using Iso.Web.Startup;

namespace Iso.Web.Cli;

/// <summary>The database verbs: <c>migrate</c> and <c>seed</c>.</summary>
internal static class DatabaseVerbs
{
    public static CliVerb Migrate { get; } = new(
        "migrate", "", "Áp dụng các migration cho cơ sở dữ liệu rồi thoát.", invocation => RunAsync(invocation, seed: false));

    public static CliVerb Seed { get; } = new(
        "seed", "", "Áp dụng migration và tạo dữ liệu demo (chạy lại nhiều lần vẫn an toàn).", invocation => RunAsync(invocation, seed: true));

    private static async Task<int> RunAsync(CliInvocation invocation, bool seed)
    {
        await using var app = invocation.BuildApplication();
        await using var scope = app.Services.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<DatabaseSetup>();

        await setup.MigrateAsync(CancellationToken.None);
        await invocation.Out.WriteLineAsync($"Đã cập nhật cơ sở dữ liệu: {setup.Describe()}");
        if (seed)
        {
            await setup.SeedDemoDataAsync(CancellationToken.None);
            await invocation.Out.WriteLineAsync("Đã tạo dữ liệu demo. Danh sách tài khoản demo: README.md, mục \"Demo logins\".");
        }

        return 0;
    }
}
