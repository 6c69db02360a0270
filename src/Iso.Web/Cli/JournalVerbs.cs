using Iso.Data;
using Iso.Web.Workflows;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cli;

/// <summary>The journal's verb: <c>verify</c> checks every case's hash chain and keyed checkpoint (ADR 0009).</summary>
internal static class JournalVerbs
{
    private const int PageSize = 500;

    public static CliVerb Verify { get; } = new(
        "verify", "",
        "Kiểm tra nhật ký của mọi hồ sơ (chuỗi băm và dấu kiểm có khóa); báo hồ sơ hỏng đầu tiên, mã thoát 1 nếu có hồ sơ hỏng.",
        async invocation =>
        {
            if (invocation.Arguments.Any(a => !a.StartsWith("--", StringComparison.Ordinal)))
            {
                await invocation.Error.WriteLineAsync("'verify' không nhận đối số (chỉ cấu hình dạng --Iso:…=…).");
                return IsoCommandLine.UsageErrorExitCode;
            }

            await using var app = invocation.BuildApplication(b => b.Services.AddIsoWorkflowEngine(b.Configuration));
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var key = services.GetRequiredService<IJournalCheckpointKey>();
            var store = services.GetRequiredService<IWorkflowStore>();
            var contexts = services.GetRequiredService<IDbContextFactory<IsoDbContext>>();

            var checkedCount = 0;
            var broken = 0;
            while (true)
            {
                // Case ids are time-ordered (v7), so cases started during the check come after the pages already read.
                List<Guid> page;
                await using (var db = await contexts.CreateDbContextAsync())
                {
                    page = await db.Set<WorkflowCaseRecord>().AsNoTracking()
                        .OrderBy(c => c.Id).Select(c => c.Id).Skip(checkedCount).Take(PageSize).ToListAsync();
                }

                foreach (var caseId in page)
                {
                    checkedCount++;
                    var result = await JournalVerifier.VerifyAsync(store, caseId, key);
                    if (!result.IsValid && ++broken == 1)
                    {
                        var reference = (await store.FindCaseAsync(caseId))?.Reference;
                        await invocation.Error.WriteLineAsync(
                            $"Hồ sơ {caseId}{(reference is null ? string.Empty : $" ({reference})")} hỏng ở mục {result.FirstBrokenSequence}: {result.Problem}");
                    }
                }

                if (page.Count < PageSize)
                {
                    break;
                }
            }

            if (broken > 0)
            {
                await invocation.Error.WriteLineAsync($"{broken} trên {checkedCount} hồ sơ không qua kiểm tra (khóa {key.KeyId}).");
                return 1;
            }

            await invocation.Out.WriteLineAsync($"Đã kiểm tra {checkedCount} hồ sơ: nhật ký và dấu kiểm đều hợp lệ (khóa {key.KeyId}).");
            return 0;
        });
}
