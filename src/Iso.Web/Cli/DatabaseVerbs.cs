using Iso.Data;
using Iso.Data.Seeding;
using Iso.Web.Organisation;
using Iso.Web.Workflows;
using Microsoft.Extensions.Options;

namespace Iso.Web.Cli;

/// <summary>The database verbs: <c>migrate</c> and <c>seed</c>.</summary>
internal static class DatabaseVerbs
{
    public static CliVerb Migrate { get; } = new(
        "migrate", "", "Áp dụng các migration cho cơ sở dữ liệu rồi thoát.", invocation => RunAsync(invocation, seed: false));

    public static CliVerb Seed { get; } = new(
        "seed", "[--demo [--reorganise-2025]] [--cases N [--concurrency K] [--batch B] [--random-seed S]]",
        "Áp dụng migration, nạp dữ liệu tham chiếu và các quy trình mẫu; --demo thêm tỉnh, tài khoản và quy trình demo (chạy lại vẫn an toàn); "
        + "--reorganise-2025 áp dụng sắp xếp đơn vị hành chính từ 01/07/2025 cho tỉnh demo (bỏ cấp huyện, hợp nhất hai phường); "
        + "--cases N thêm N hồ sơ trong 12 tháng qua qua engine (phần lớn đúng hạn, một số trễ hạn có thư xin lỗi, một số đang giải quyết); chạy lại thì thêm N hồ sơ nữa.",
        invocation => RunAsync(invocation, seed: true));

    private static async Task<int> RunAsync(CliInvocation invocation, bool seed)
    {
        var options = CliOptions.Parse(
            invocation.Arguments, seed ? ["--cases", "--concurrency", "--batch", "--random-seed"] : [], seed ? ["--demo", "--reorganise-2025", "--bulk"] : [], out var error);
        if (error is not null)
        {
            await invocation.Error.WriteLineAsync(error);
            return IsoCommandLine.UsageErrorExitCode;
        }

        var demo = options.Has("--demo");
        var reorganise = options.Has("--reorganise-2025");
        if (reorganise && !demo)
        {
            await invocation.Error.WriteLineAsync("--reorganise-2025 chỉ dùng cùng --demo (nó sắp xếp lại tỉnh demo).");
            return IsoCommandLine.UsageErrorExitCode;
        }

        if (!CaseSeeding.TryRead(options, out var cases, out var casesError))
        {
            await invocation.Error.WriteLineAsync(casesError);
            return IsoCommandLine.UsageErrorExitCode;
        }

        await using var app = new CliInvocation(options.Settings, invocation.Out, invocation.Error)
            .BuildApplication(b =>
            {
                b.Services.AddIsoWorkflowEngine(b.Configuration);
                if (cases is not null)
                {
                    CaseSeeding.AddServices(b.Services, b.Configuration);
                }
            });
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
            if (reorganise)
            {
                var report = await ActivatorUtilities.CreateInstance<DemoReorganisation2025>(services,
                    ActivatorUtilities.CreateInstance<OrganisationSuccession>(services)).ApplyAsync();
                await invocation.Out.WriteLineAsync(report.ChangedNothing
                    ? "Sắp xếp 2025 đã được áp dụng trước đó; không có gì thay đổi."
                    : $"Đã áp dụng sắp xếp đơn vị hành chính từ {DemoReorganisation2025.From:dd/MM/yyyy}: {report.DistrictsClosed} UBND cấp huyện kết thúc, "
                      + $"{report.CommunesMoved} xã/phường chuyển về tỉnh, {(report.WardCreated ? "tạo " + DemoReorganisation2025.WardName + ", " : string.Empty)}"
                      + $"{report.PeopleMoved} người, {report.CasesMoved} hồ sơ đang xử lý và {report.ProceduresCarried} quy trình chuyển sang đơn vị mới"
                      + (report.CasesPending > 0 ? $"; {report.CasesPending} hồ sơ chưa chuyển được (chạy lại lệnh để chuyển tiếp)." : "."));
            }
        }
        else if (seed && cases is null)
        {
            await services.GetRequiredService<ReferenceDataSeeder>().SeedAsync();
            await WorkflowTemplateSeeder.SeedAsync(app.Services, demo: false, CancellationToken.None);
            await invocation.Out.WriteLineAsync("Đã nạp dữ liệu tham chiếu và các quy trình mẫu (không có dữ liệu demo; thêm --demo nếu cần).");
        }

        if (cases is not null)
        {
            return await CaseSeeding.RunAsync(app.Services, cases, invocation.Out);
        }

        return 0;
    }
}
