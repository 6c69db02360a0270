using Iso.Data;
using Iso.Data.Organisation;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Organisation;

/// <summary>The successor when it is a new agency; it starts on the merge's date.</summary>
public sealed record NewSuccessorRequest(string? Code, string? Name, string? ShortName, string? KindCode, string? ParentCode);

/// <summary>Merges <c>predecessors</c> into an existing agency (<c>successorCode</c>) or a new one (<c>newSuccessor</c>)
/// from <c>from</c>; <c>reason</c> goes into each moved case's journal (by default it names the successor and the date).</summary>
public sealed record MergeAgenciesRequest(
    IReadOnlyList<string>? Predecessors, string? SuccessorCode, NewSuccessorRequest? NewSuccessor, DateOnly? From, string? Reason = null);

/// <summary>What a merge will move, for the confirmation: people, current units, current sub-agencies, running cases and
/// the published procedures the successor will get (by name).</summary>
public sealed record MergePreview(
    IReadOnlyList<AgencyRef> Predecessors, string SuccessorName, int People, int Units, int SubAgencies, int OpenCases, IReadOnlyList<string> Procedures);

/// <summary>What a merge (or its follow-up) did. <c>CasesPending</c> cases could not be moved yet: the merge stands, and
/// <c>POST /api/v1/admin/agencies/{code}/carry-over</c> (the follow-up) moves them.</summary>
public sealed record MergeReport(
    AgencyRef Successor, int PeopleMoved, int UnitsCreated, int SubAgenciesMoved, int CasesMoved, int CasesPending, int ProceduresCarried);

/// <summary>Merging agencies (system administrators): the data layer merges the organisation in one transaction
/// (people, units, sub-agencies, end dates, successor links); then <see cref="OrganisationSuccession"/> moves the running
/// cases through the engine and publishes the procedures for the successor. Finished cases stay with their agency,
/// readable under its old name.</summary>
public sealed class MergeAgencies(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, OrganisationSuccession succession)
{
    public async Task<Result<MergePreview>> PreviewAsync(Caller caller, MergeAgenciesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await RefuseAsync(caller) ?? Validate(request)) is { } refused)
        {
            return refused;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var codes = Codes(request);
        var predecessors = await db.Agencies.AsNoTracking().Where(a => codes.Contains(a.Code)).ToListAsync(cancellationToken);
        var missing = codes.Except(predecessors.Select(a => a.Code), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return Problem.Invalid("predecessors", "Org_UnknownAgencies", string.Join(", ", missing));
        }

        Agency? successor = null;
        if (!string.IsNullOrWhiteSpace(request.SuccessorCode))
        {
            var successorCode = request.SuccessorCode.Trim().ToUpperInvariant();
            successor = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Code == successorCode, cancellationToken);
            if (successor is null)
            {
                return Problem.Invalid("successorCode", "Problem_AgencyNotFound", request.SuccessorCode);
            }
        }

        var ids = predecessors.Select(a => a.Id).ToList();
        var people = await db.Users.CountAsync(u => ids.Contains(u.AgencyId), cancellationToken);
        var units = await db.Units.CountAsync(u => ids.Contains(u.AgencyId) && u.EffectiveTo == null, cancellationToken);
        var children = await db.Agencies.CountAsync(a => a.ParentId != null && ids.Contains(a.ParentId.Value) && a.EffectiveTo == null, cancellationToken);
        var openCases = await db.Set<WorkflowCaseRecord>().CountAsync(c => ids.Contains(c.AgencyId) && c.Status == CaseStatus.Running, cancellationToken);
        var successorKeys = successor is null ? [] : await db.Set<StoredDefinition>()
            .Where(d => d.OwnerAgencyId == successor.Id && d.Status == DefinitionStatus.Published).Select(d => d.Key).ToListAsync(cancellationToken);
        var procedures = (await db.Set<StoredDefinition>().AsNoTracking()
                .Where(d => d.OwnerAgencyId != null && ids.Contains(d.OwnerAgencyId.Value) && d.Status == DefinitionStatus.Published)
                .Select(d => new { d.Key, d.Name }).ToListAsync(cancellationToken))
            .Where(d => !successorKeys.Contains(d.Key))
            .DistinctBy(d => d.Key).Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
        return new MergePreview(
            [.. predecessors.Select(OrganisationAdministration.ToRef)], successor?.Name ?? request.NewSuccessor!.Name!.Trim(),
            people, units, children, openCases, procedures);
    }

    public async Task<Result<MergeReport>> HandleAsync(Caller caller, MergeAgenciesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if ((await RefuseAsync(caller) ?? Validate(request)) is { } refused)
        {
            return refused;
        }

        SuccessionResult merged;
        Agency successor;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var changes = new OrganisationChanges(db);
            var created = request.NewSuccessor is { } n
                ? new NewAgency(n.Code!, n.Name!, n.ShortName, n.KindCode!.Trim(), string.IsNullOrWhiteSpace(n.ParentCode) ? null : n.ParentCode, request.From!.Value)
                : null;
            try
            {
                merged = await changes.MergeAgenciesAsync(Codes(request), created is null ? request.SuccessorCode : null, created, request.From!.Value, cancellationToken);
            }
            catch (OrganisationChangeException invalid)
            {
                return OrganisationValidation.ToProblem(invalid);
            }

            successor = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == merged.SuccessorId, cancellationToken);
        }

        var carried = await succession.CarryOverAsync(successor.Id, caller.UserId, Reason(request.Reason, successor, request.From!.Value), cancellationToken);
        return new MergeReport(OrganisationAdministration.ToRef(successor), merged.PeopleMoved, merged.UnitsCreated, merged.ChildrenMoved,
            carried.CasesMoved, carried.CasesPending, carried.ProceduresCarried);
    }

    /// <summary>The merge's follow-up, again: moves the running cases still with a predecessor of <paramref name="successorCode"/>
    /// and publishes the procedures it still lacks. Running it when nothing is left moves nothing.</summary>
    public async Task<Result<MergeReport>> CarryOverAsync(Caller caller, string? successorCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if ((await RefuseAsync(caller) ?? new Validation().Required("code", successorCode, TextLimits.Code).Problem) is { } refused)
        {
            return refused;
        }

        Agency? successor;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var code = successorCode!.Trim().ToUpperInvariant();
            successor = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Code == code, cancellationToken);
        }

        if (successor is null)
        {
            return Problem.NotFound("Problem_AgencyNotFound", successorCode);
        }

        var carried = await succession.CarryOverAsync(successor.Id, caller.UserId, Reason(null, successor, null), cancellationToken);
        return new MergeReport(OrganisationAdministration.ToRef(successor), 0, 0, 0, carried.CasesMoved, carried.CasesPending, carried.ProceduresCarried);
    }

    private async Task<Problem?> RefuseAsync(Caller caller) =>
        await authorization.AllowsAsync(caller, IsoPolicies.ManageOrganisation) ? null : Problem.Forbidden("Org_NotAllowed");

    private static Problem? Validate(MergeAgenciesRequest request)
    {
        var validation = new Validation().Text("reason", request.Reason, TextLimits.Comment);
        var predecessors = request.Predecessors ?? [];
        if (predecessors.Count == 0 || predecessors.All(Validation.IsBlank))
        {
            validation.Add("predecessors", "Validation_Required");
        }

        validation.MaxCount("predecessors", predecessors.Count, TextLimits.Entries);
        foreach (var code in predecessors)
        {
            validation.MaxLength("predecessors", code, TextLimits.Code);
        }

        if (request.From is null)
        {
            validation.Add("from", "Validation_Required");
        }

        var existing = !Validation.IsBlank(request.SuccessorCode);
        if (existing == request.NewSuccessor is not null)
        {
            validation.Add("successorCode", "Org_OneSuccessor");
        }
        else if (existing)
        {
            validation.MaxLength("successorCode", request.SuccessorCode, TextLimits.Code);
        }
        else
        {
            var n = request.NewSuccessor!;
            OrganisationValidation.NewAgency(validation, "newSuccessor.", n.Code, n.Name, n.ShortName, n.KindCode, n.ParentCode);
        }

        return validation.Problem;
    }

    private static List<string> Codes(MergeAgenciesRequest request) =>
        [.. (request.Predecessors ?? []).Where(c => !Validation.IsBlank(c)).Select(c => c.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal)];

    private static string Reason(string? given, Agency successor, DateOnly? from) =>
        !Validation.IsBlank(given) ? given!.Trim()
        : from is { } date ? $"Hợp nhất vào {successor.Name} từ ngày {date:dd/MM/yyyy}"
        : $"Hợp nhất vào {successor.Name}";
}
