using Iso.Data;
using Iso.Data.Seeding;
using Iso.Web.Workflows;
using Microsoft.Extensions.Options;

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
        await using var app = invocation.BuildApplication(b => b.Services.AddIsoWorkflowEngine(b.Configuration));
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var options = services.GetRequiredService<IOptions<IsoOptions>>().Value;

        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        await invocation.Out.WriteLineAsync($"Đã cập nhật cơ sở dữ liệu ({options.Provider}), thư mục dữ liệu: {options.DataDirectoryFullPath}");
        if (seed)
        {
            await services.GetRequiredService<DemoDataSeeder>().SeedAsync();
            await WorkflowTemplateSeeder.SeedAsync(app.Services, demo: true, CancellationToken.None);
            await invocation.Out.WriteLineAsync("Đã tạo dữ liệu demo. Danh sách tài khoản demo: README.md, mục \"Demo logins\".");
        }

        return 0;
    }
}
