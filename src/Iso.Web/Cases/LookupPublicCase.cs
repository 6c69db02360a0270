using Iso.Data;
using Iso.Web.Application;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>What anyone may learn of a case from its code: the code, where it stands and the appointment date. Never the
/// applicant, the staff or the steps. <see cref="Status"/>: received, processing, returned, refused, supplementRequested,
/// withdrawn, cancelled. After an apology letter was issued, <see cref="AppointmentAt"/> is its new date and
/// <see cref="Rescheduled"/> is true.</summary>
public sealed record PublicCaseView(string Code, string Status, DateTimeOffset? AppointmentAt, DateTimeOffset? FinishedAt, bool Rescheduled = false);

/// <summary>The citizen lookup (tra cứu hồ sơ): anonymous, by case code only (a GUID is not accepted), rate-limited per
/// client address at the door. An unknown code and a malformed one get the same answer.</summary>
public sealed class LookupPublicCase(IDbContextFactory<IsoDbContext> contexts)
{
    public async Task<Result<PublicCaseView>> HandleAsync(string? code, CancellationToken cancellationToken = default)
    {
        if (!CaseCodes.IsWellFormed(code))
        {
            return Problem.NotFound("Problem_PublicCaseNotFound");
        }

        var trimmed = code!.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Set<WorkflowCaseRecord>().AsNoTracking().Where(c => c.Code == trimmed)
            .Select(c => new
            {
                c.Code,
                c.Status,
                c.Result,
                c.DueAt,
                c.CompletedAt,
                NewAppointmentAt = db.Set<WorkflowApologyRecord>().Where(a => a.CaseId == c.Id && a.IssuedAt != null)
                    .OrderByDescending(a => a.IssuedAt).Select(a => (DateTimeOffset?)a.NewAppointmentAt).FirstOrDefault(),
            }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Problem.NotFound("Problem_PublicCaseNotFound");
        }

        return new PublicCaseView(found.Code!, StatusOf(found.Status, found.Result), found.NewAppointmentAt ?? found.DueAt, found.CompletedAt,
            found.NewAppointmentAt is not null);
    }

    internal static string StatusOf(CaseStatus status, string? result) => status switch
    {
        CaseStatus.Running => "processing",
        CaseStatus.Cancelled => "cancelled",
        _ => result switch
        {
            "rejected" => "refused",
            "supplementRequested" => "supplementRequested",
            "withdrawn" => "withdrawn",
            _ => "returned",
        },
    };
}
