using System.Globalization;
using Iso.Data;
using Iso.Web.Application;
using Iso.Workflows.Calendar;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>A case in the shape the national public-service portal synchronises (field names as open-source one-stop systems
/// send them; not an official specification). Dates are local time <c>yyyyMMddHHmmss</c>. TrangThaiHoSo: 2 received,
/// 4 being processed, 3 refused, 5 supplement requested, 7 withdrawn, 8 stopped, 10 result returned.</summary>
#pragma warning disable CA1707 // The portal's names, as it spells them.
public sealed record CaseSyncView(
    string MaHoSo,
    string MaTTHC,
    string TenTTHC,
    string? ChuHoSo,
    string NgayTiepNhan,
    string? NgayHenTra,
    string TrangThaiHoSo,
    string? NgayTra,
    string DonViXuLy,
    string? MaDonViXuLy);
#pragma warning restore CA1707

/// <summary>The portal shape of one case of the caller's agency (or any, for cross-agency readers), by code or id.</summary>
public sealed class GetCaseSync(IWorkflowStore store, CaseCodes codes, CaseProcedures procedures, WorkingCalendar calendar, IDbContextFactory<IsoDbContext> contexts)
{
    public async Task<Result<CaseSyncView>> HandleAsync(Caller caller, string idOrCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var id = await codes.ResolveAsync(idOrCode, cancellationToken);
        var workflowCase = id is null ? null : await store.FindCaseAsync(id.Value, cancellationToken);
        if (workflowCase is null || !caller.MayRead(workflowCase.AgencyId))
        {
            return Problem.NotFound("Problem_CaseCodeNotFound", idOrCode);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == workflowCase.AgencyId)
            .Select(a => new { a.Name, a.ElectronicCode }).SingleAsync(cancellationToken);
        var applicant = await db.CaseReceptions.AsNoTracking().Where(r => r.CaseId == workflowCase.Id).Select(r => r.ApplicantName).SingleOrDefaultAsync(cancellationToken);
        return new CaseSyncView(
            workflowCase.Code ?? workflowCase.Id.ToString(),
            workflowCase.DefinitionKey,
            await procedures.NameOfAsync(workflowCase, cancellationToken),
            applicant,
            Portal(workflowCase.ReceivedAt)!,
            Portal(workflowCase.DueAt),
            StatusCode(workflowCase),
            workflowCase.Status == CaseStatus.Completed ? Portal(workflowCase.CompletedAt) : null,
            agency.Name,
            agency.ElectronicCode);
    }

    private string? Portal(DateTimeOffset? instant) =>
        instant is { } i ? TimeZoneInfo.ConvertTime(i, calendar.TimeZone).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) : null;

    private static string StatusCode(WorkflowCaseRecord workflowCase) =>
        LookupPublicCase.StatusOf(workflowCase.Status, workflowCase.Result) switch
        {
            "processing" => "4",
            "refused" => "3",
            "supplementRequested" => "5",
            "withdrawn" => "7",
            "cancelled" => "8",
            _ => "10",
        };
}
