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
        "seed", "[--demo]",
        "Áp dụng migration, nạp dữ liệu tham chiếu và các quy trình mẫu; --demo thêm tỉnh, tài khoản và quy trình demo (chạy lại vẫn an toàn).",
        invocation => RunAsync(invocation, seed: true));

    private static async Task<int> RunAsync(CliInvocation invocation, bool seed)
    {
        var options = CliOptions.Parse(invocation.Arguments, [], seed ? ["--demo"] : [], out var error);
        if (error is not null)
        {
            await invocation.Error.WriteLineAsync(error);
            return IsoCommandLine.UsageErrorExitCode;
        }

        var demo = options.Has("--demo");
        await using var app = new CliInvocation(options.Settings, invocation.Out, invocation.Error)
            .BuildApplication(b => b.Services.AddIsoWorkflowEngine(b.Configuration));
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var settings = services.GetRequiredService<IOptions<IsoOptions>>().Value;

        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        await invocation.Out.WriteLineAsync($"Đã cập nhật cơ sở dữ liệu ({settings.Provider}), thư mục dữ liệu: {settings.DataDirectoryFullPath}");
        if (seed && demo)
        {
            await services.GetRequiredService<DemoDataSeeder>().SeedAsync();
            await WorkflowTemplateSeeder.SeedAsync(app.Services, demo: true, CancellationToken.None);
            await invocation.Out.WriteLineAsync("Đã tạo dữ liệu demo. Danh sách tài khoản demo: README.md, mục \"Demo logins\".");
        }
        else if (seed)
        {
            await services.GetRequiredService<ReferenceDataSeeder>().SeedAsync();
            await WorkflowTemplateSeeder.SeedAsync(app.Services, demo: false, CancellationToken.None);
            await invocation.Out.WriteLineAsync("Đã nạp dữ liệu tham chiếu và các quy trình mẫu (không có dữ liệu demo; thêm --demo nếu cần).");
        }

        return 0;
    }
}
