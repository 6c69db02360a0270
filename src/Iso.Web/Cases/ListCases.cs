using Iso.Data;
using Iso.Web.Application;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>The case list's filters: agency (staff: their own; auditors and administrators: any, or all when left out),
/// status (<see cref="CaseListStatus"/>), received between two calendar days (inclusive, the agency's zone), page.</summary>
public sealed record CaseListRequest(
    Guid? Agency = null,
    string? Status = null,
    DateOnly? From = null,
    DateOnly? To = null,
    int Page = 1,
    int PageSize = CaseListRequest.DefaultPageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
}

/// <summary>The status filter of the case list.</summary>
public static class CaseListStatus
{
    public const string All = "all";
    public const string Running = "running";

    /// <summary>Running and past the appointment the applicant holds.</summary>
    public const string Late = "late";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> Values { get; } = [All, Running, Late, Completed, Cancelled];
}

/// <summary>One case of the list. <see cref="Late"/>: running past its appointment, or finished after its due moment;
/// <see cref="Apology"/>: none, draft (waits for a leader) or issued.</summary>
public sealed record CaseListItem(
    Guid Id,
    string Code,
    string DefinitionKey,
    string ProcedureName,
    Guid AgencyId,
    string AgencyName,
    string Status,
    string? Result,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? AppointmentAt,
    DateTimeOffset? CompletedAt,
    bool Late,
    string Apology);

public sealed record AgencyOption(Guid Id, string Name);

public sealed record CaseListPage(IReadOnlyList<CaseListItem> Items, int Total, int Page, int PageSize);

/// <summary>The cases of an agency, newest received first, paged on the server. Staff read their own agency only (asking
/// for another is forbidden: agencies are public, their cases are not); auditors and administrators read any.</summary>
public sealed class ListCases(IDbContextFactory<IsoDbContext> contexts, CaseClock clock)
{
    public async Task<Result<CaseListPage>> HandleAsync(Caller caller, CaseListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        if (request.Agency is { } asked && !caller.MayRead(asked))
        {
            return Problem.Forbidden("Problem_CasesOfAnotherAgency");
        }

        var agency = request.Agency ?? (caller.MayReadAcrossAgencies ? null : caller.AgencyId);
        var now = clock.Now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var issued = db.Set<WorkflowApologyRecord>().Where(a => a.IssuedAt != null);
        var cases = db.Set<WorkflowCaseRecord>().AsNoTracking().Where(c => c.Code != null);
        if (agency is { } agencyId)
        {
            cases = cases.Where(c => c.AgencyId == agencyId);
        }

        if (request.From is { } from)
        {
            var start = clock.StartOfDay(from);
            cases = cases.Where(c => c.ReceivedAt >= start);
        }

        if (request.To is { } to)
        {
            var end = clock.StartOfDay(to.AddDays(1));
            cases = cases.Where(c => c.ReceivedAt < end);
        }

        cases = (request.Status?.Trim() ?? CaseListStatus.All) switch
        {
            CaseListStatus.Running => cases.Where(c => c.Status == CaseStatus.Running),
            CaseListStatus.Completed => cases.Where(c => c.Status == CaseStatus.Completed),
            CaseListStatus.Cancelled => cases.Where(c => c.Status == CaseStatus.Cancelled),
            // Past the appointment held now: the latest issued apology's date, else the due moment.
            CaseListStatus.Late => cases.Where(c => c.Status == CaseStatus.Running
                && (issued.Where(a => a.CaseId == c.Id).OrderByDescending(a => a.IssuedAt).Select(a => (DateTimeOffset?)a.NewAppointmentAt).FirstOrDefault() ?? c.DueAt) < now),
            _ => cases,
        };

        var total = await cases.CountAsync(cancellationToken);
        var rows = await cases
            .OrderByDescending(c => c.ReceivedAt).ThenByDescending(c => c.Id)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)
            .Select(c => new
            {
                c.Id,
                c.Code,
                c.DefinitionKey,
                c.AgencyId,
                c.Status,
                c.Result,
                c.ReceivedAt,
                c.DueAt,
                c.CompletedAt,
                NewAppointmentAt = issued.Where(a => a.CaseId == c.Id).OrderByDescending(a => a.IssuedAt).Select(a => (DateTimeOffset?)a.NewAppointmentAt).FirstOrDefault(),
                Issued = issued.Any(a => a.CaseId == c.Id),
                Drafted = db.Set<WorkflowApologyRecord>().Any(a => a.CaseId == c.Id && a.IssuedAt == null),
            })
            .ToListAsync(cancellationToken);

        var agencyIds = rows.Select(r => r.AgencyId).Distinct().ToList();
        var agencies = await db.Agencies.AsNoTracking().Where(a => agencyIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        var names = new Dictionary<Guid, Dictionary<string, string>>();
        foreach (var id in agencyIds)
        {
            names[id] = await GetInbox.ProcedureNamesAsync(db, id, cancellationToken);
        }

        var items = rows.Select(r =>
        {
            var appointment = r.NewAppointmentAt ?? r.DueAt;
            var late = r.Status == CaseStatus.Running
                ? appointment is { } a && a < now
                : r.CompletedAt is { } done && r.DueAt is { } due && done > due;
            return new CaseListItem(
                r.Id, r.Code!, r.DefinitionKey, names[r.AgencyId].GetValueOrDefault(r.DefinitionKey, r.DefinitionKey), r.AgencyId,
                agencies.GetValueOrDefault(r.AgencyId, string.Empty), r.Status.ToString(), r.Result, r.ReceivedAt, r.DueAt, appointment, r.CompletedAt,
                late, r.Issued && !r.Drafted ? "issued" : r.Drafted ? "draft" : "none");
        }).ToList();
        return new CaseListPage(items, total, request.Page, request.PageSize);
    }

    /// <summary>The agencies whose cases the caller may list: their own, or every one for cross-agency readers.</summary>
    public async Task<IReadOnlyList<AgencyOption>> AgenciesAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var agencies = db.Agencies.AsNoTracking();
        if (!caller.MayReadAcrossAgencies)
        {
            agencies = agencies.Where(a => a.Id == caller.AgencyId);
        }

        var list = await agencies.Select(a => new AgencyOption(a.Id, a.Name)).ToListAsync(cancellationToken);
        return [.. list.OrderBy(a => a.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), false))];
    }

    private static Problem? Validate(CaseListRequest request)
    {
        var validation = new Validation();
        if (!string.IsNullOrWhiteSpace(request.Status) && !CaseListStatus.Values.Contains(request.Status.Trim(), StringComparer.Ordinal))
        {
            validation.Add("status", "Validation_OneOf", string.Join(", ", CaseListStatus.Values));
        }

        if (request.Page < 1)
        {
            validation.Add("page", "Validation_AtLeast", 1);
        }

        if (request.PageSize is < 1 or > CaseListRequest.MaxPageSize)
        {
            validation.Add("pageSize", "Validation_Between", 1, CaseListRequest.MaxPageSize);
        }

        if (request.From is { } from && request.To is { } to && to < from)
        {
            validation.Add("to", "Validation_ToBeforeFrom");
        }

        return validation.Problem;
    }
}
