using Iso.Data;
using Iso.Data.Organisation;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Organisation;

public sealed record CreateAgencyRequest(string? Code, string? Name, string? ShortName, string? KindCode, string? ParentCode, DateOnly? EffectiveFrom);

/// <summary>What is not a legal act: null leaves a value as it is; <c>parentCode</c> "" puts the agency at the top.</summary>
public sealed record UpdateAgencyRequest(string? ShortName, string? KindCode, string? ParentCode, int? SortOrder);

public sealed record RenameAgencyRequest(string? Name, string? ShortName, DateOnly? From);

/// <summary>The first day the agency (or unit) no longer exists as such.</summary>
public sealed record CloseRequest(DateOnly? From);

public sealed record SplitPartRequest(string? Code, string? Name, string? ShortName, string? KindCode, string? ParentCode, IReadOnlyList<string>? UnitCodes);

public sealed record SplitAgencyRequest(DateOnly? From, IReadOnlyList<SplitPartRequest>? Parts);

public sealed record CreateUnitRequest(string? Code, string? Name, DateOnly? EffectiveFrom);

public sealed record RenameUnitRequest(string? Name);

public sealed record MergeUnitsRequest(IReadOnlyList<string>? Units, string? Successor, DateOnly? From);

/// <summary>An agency as a change returns it.</summary>
public sealed record AgencyRef(Guid Id, string Code, string Name, DateOnly EffectiveFrom, DateOnly? EffectiveTo);

public sealed record UnitRef(string AgencyCode, string Code, string Name, DateOnly EffectiveFrom, DateOnly? EffectiveTo);

/// <summary>Creating, editing, renaming, splitting and closing agencies and their units (system administrators only:
/// <see cref="IsoPolicies.ManageOrganisation"/>). Nothing is deleted; every change is in the history with who and when.
/// Merging agencies, which also moves cases and procedures, is <see cref="MergeAgencies"/>.</summary>
public sealed class OrganisationAdministration(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization)
{
    public async Task<Result<AgencyRef>> CreateAgencyAsync(Caller caller, CreateAgencyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await RefuseAsync(caller) is { } refused)
        {
            return refused;
        }

        var validation = OrganisationValidation.NewAgency(new Validation(), string.Empty, request.Code, request.Name, request.ShortName, request.KindCode, request.ParentCode);
        if (request.EffectiveFrom is null)
        {
            validation.Add("effectiveFrom", "Validation_Required");
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(async (changes, db) =>
        {
            var agency = await changes.CreateAgencyAsync(
                new NewAgency(request.Code!, request.Name!, request.ShortName, request.KindCode!.Trim(), request.ParentCode, request.EffectiveFrom!.Value), cancellationToken);
            return Result.Ok(ToRef(agency));
        }, cancellationToken);
    }

    public async Task<Result<AgencyRef>> UpdateAgencyAsync(Caller caller, string? code, UpdateAgencyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await RefuseAsync(caller) ?? await AgencyMissingAsync(code, cancellationToken)) is { } refused)
        {
            return refused;
        }

        if (new Validation()
                .Text("shortName", request.ShortName, OrganisationChanges.MaxNameLength)
                .MaxLength("kindCode", request.KindCode, TextLimits.Code)
                .MaxLength("parentCode", request.ParentCode, TextLimits.Code).Problem is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(async (changes, db) => Result.Ok(ToRef(await changes.UpdateAgencyAsync(
            code!, new AgencyUpdate(request.ShortName, string.IsNullOrWhiteSpace(request.KindCode) ? null : request.KindCode.Trim(), request.ParentCode, request.SortOrder),
            cancellationToken))), cancellationToken);
    }

    /// <summary>A new name from a date; the old one stays attached to what happened before it.</summary>
    public async Task<Result<AgencyRef>> RenameAgencyAsync(Caller caller, string? code, RenameAgencyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await RefuseAsync(caller) ?? await AgencyMissingAsync(code, cancellationToken)) is { } refused)
        {
            return refused;
        }

        var validation = new Validation()
            .Required("name", request.Name, OrganisationChanges.MaxNameLength).Text("name", request.Name, OrganisationChanges.MaxNameLength)
            .Text("shortName", request.ShortName, OrganisationChanges.MaxNameLength);
        if (request.From is null)
        {
            validation.Add("from", "Validation_Required");
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(async (changes, db) =>
        {
            await changes.RenameAgencyAsync(code!, request.Name!, request.ShortName, request.From!.Value, cancellationToken);
            return await RefOfAsync(db, code!, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Ends an agency that has no active people and no current sub-agencies (merge it otherwise).</summary>
    public async Task<Result<AgencyRef>> CloseAgencyAsync(Caller caller, string? code, CloseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await RefuseAsync(caller) ?? await AgencyMissingAsync(code, cancellationToken)) is { } refused)
        {
            return refused;
        }

        if (request.From is null)
        {
            return Problem.Invalid("from", "Validation_Required");
        }

        return await ChangeAsync(async (changes, db) =>
        {
            await changes.CloseAgencyAsync(code!, request.From.Value, cancellationToken);
            return await RefOfAsync(db, code!, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Splits an agency into new ones; the first part takes every unit no other part names.</summary>
    public async Task<Result<IReadOnlyList<AgencyRef>>> SplitAgencyAsync(Caller caller, string? code, SplitAgencyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await RefuseAsync(caller) ?? await AgencyMissingAsync(code, cancellationToken)) is { } refused)
        {
            return refused;
        }

        var validation = new Validation();
        if (request.From is null)
        {
            validation.Add("from", "Validation_Required");
        }

        var parts = request.Parts ?? [];
        if (parts.Count < 2)
        {
            validation.Add("parts", "Org_SplitNeedsTwo");
        }

        validation.MaxCount("parts", parts.Count, TextLimits.Entries);
        for (var i = 0; i < parts.Count && i < TextLimits.Entries; i++)
        {
            var part = parts[i];
            OrganisationValidation.NewAgency(validation, $"parts[{i}].", part?.Code, part?.Name, part?.ShortName, part?.KindCode, part?.ParentCode);
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(async (changes, db) =>
        {
            var ids = await changes.SplitAgencyAsync(code!, [.. parts.Select(p => new SplitPart(
                new NewAgency(p.Code!, p.Name!, p.ShortName, p.KindCode!.Trim(), p.ParentCode, request.From!.Value), [.. (p.UnitCodes ?? []).Select(u => u.Trim().ToUpperInvariant())]))],
                request.From!.Value, cancellationToken);
            var created = await db.Agencies.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
            return Result.Ok<IReadOnlyList<AgencyRef>>([.. ids.Select(id => ToRef(created.Single(a => a.Id == id)))]);
        }, cancellationToken);
    }

    public async Task<Result<UnitRef>> CreateUnitAsync(Caller caller, string? agencyCode, CreateUnitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await RefuseAsync(caller) ?? await AgencyMissingAsync(agencyCode, cancellationToken)) is { } refused)
        {
            return refused;
        }

        var validation = new Validation()
            .Required("code", request.Code, OrganisationChanges.MaxCodeLength)
            .Required("name", request.Name, OrganisationChanges.MaxNameLength).Text("name", request.Name, OrganisationChanges.MaxNameLength);
        if (request.EffectiveFrom is null)
        {
            validation.Add("effectiveFrom", "Validation_Required");
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(async (changes, db) =>
        {
            var unit = await changes.CreateUnitAsync(agencyCode!, new NewUnit(request.Code!, request.Name!, request.EffectiveFrom!.Value), cancellationToken);
            return Result.Ok(new UnitRef(agencyCode!.Trim().ToUpperInvariant(), unit.Code, unit.Name, unit.EffectiveFrom, unit.EffectiveTo));
        }, cancellationToken);
    }

    /// <summary>A unit's new name; its code (which procedures name) stays.</summary>
    public async Task<Result> RenameUnitAsync(Caller caller, string? agencyCode, string? unitCode, RenameUnitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await RefuseAsync(caller) ?? await AgencyMissingAsync(agencyCode, cancellationToken)) is { } refused)
        {
            return refused;
        }

        if (new Validation().Required("name", request.Name, OrganisationChanges.MaxNameLength).Text("name", request.Name, OrganisationChanges.MaxNameLength)
                .Required("unitCode", unitCode, TextLimits.Code).Problem is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(async (changes, db) =>
        {
            await changes.RenameUnitAsync(agencyCode!, unitCode!, request.Name!, cancellationToken);
            return Result.Success;
        }, cancellationToken);
    }

    /// <summary>Merges units of one agency into one of them; their people move to it.</summary>
    public async Task<Result> MergeUnitsAsync(Caller caller, string? agencyCode, MergeUnitsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await RefuseAsync(caller) ?? await AgencyMissingAsync(agencyCode, cancellationToken)) is { } refused)
        {
            return refused;
        }

        var units = request.Units ?? [];
        var validation = new Validation().Required("successor", request.Successor, TextLimits.Code).MaxCount("units", units.Count, TextLimits.Entries);
        if (units.Count == 0)
        {
            validation.Add("units", "Validation_Required");
        }

        if (request.From is null)
        {
            validation.Add("from", "Validation_Required");
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(async (changes, db) =>
        {
            await changes.MergeUnitsAsync(agencyCode!, [.. units.Select(u => u.Trim().ToUpperInvariant())], request.Successor!.Trim().ToUpperInvariant(), request.From!.Value, cancellationToken);
            return Result.Success;
        }, cancellationToken);
    }

    public async Task<Result> CloseUnitAsync(Caller caller, string? agencyCode, string? unitCode, CloseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await RefuseAsync(caller) ?? await AgencyMissingAsync(agencyCode, cancellationToken)) is { } refused)
        {
            return refused;
        }

        var validation = new Validation().Required("unitCode", unitCode, TextLimits.Code);
        if (request.From is null)
        {
            validation.Add("from", "Validation_Required");
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(async (changes, db) =>
        {
            await changes.CloseUnitAsync(agencyCode!, unitCode!, request.From!.Value, cancellationToken);
            return Result.Success;
        }, cancellationToken);
    }

    private async Task<Problem?> RefuseAsync(Caller caller) =>
        await authorization.AllowsAsync(caller, IsoPolicies.ManageOrganisation) ? null : Problem.Forbidden("Org_NotAllowed");

    private async Task<Problem?> AgencyMissingAsync(string? code, CancellationToken cancellationToken)
    {
        if (new Validation().Required("code", code, TextLimits.Code).Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var normalised = code!.Trim().ToUpperInvariant();
        return await db.Agencies.AnyAsync(a => a.Code == normalised, cancellationToken) ? null : Problem.NotFound("Problem_AgencyNotFound", code);
    }

    /// <summary>Runs a change on a context of its own; a refusal of the data layer becomes per-field errors (its
    /// Vietnamese texts verbatim), and nothing was stored.</summary>
    private async Task<Result<T>> ChangeAsync<T>(Func<OrganisationChanges, IsoDbContext, Task<Result<T>>> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            return await change(new OrganisationChanges(db), db);
        }
        catch (OrganisationChangeException refused)
        {
            return OrganisationValidation.ToProblem(refused);
        }
    }

    private async Task<Result> ChangeAsync(Func<OrganisationChanges, IsoDbContext, Task<Result>> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            return await change(new OrganisationChanges(db), db);
        }
        catch (OrganisationChangeException refused)
        {
            return OrganisationValidation.ToProblem(refused);
        }
    }

    private static async Task<Result<AgencyRef>> RefOfAsync(IsoDbContext db, string code, CancellationToken cancellationToken)
    {
        var normalised = code.Trim().ToUpperInvariant();
        return ToRef(await db.Agencies.AsNoTracking().SingleAsync(a => a.Code == normalised, cancellationToken));
    }

    internal static AgencyRef ToRef(Agency agency) => new(agency.Id, agency.Code, agency.Name, agency.EffectiveFrom, agency.EffectiveTo);
}

/// <summary>Checks shared by the organisation's use cases.</summary>
internal static class OrganisationValidation
{
    public static Validation NewAgency(Validation validation, string prefix, string? code, string? name, string? shortName, string? kindCode, string? parentCode) =>
        validation
            .Required(prefix + "code", code, OrganisationChanges.MaxCodeLength)
            .Required(prefix + "name", name, OrganisationChanges.MaxNameLength).Text(prefix + "name", name, OrganisationChanges.MaxNameLength)
            .Text(prefix + "shortName", shortName, OrganisationChanges.MaxNameLength)
            .Required(prefix + "kindCode", kindCode, TextLimits.Code)
            .MaxLength(prefix + "parentCode", parentCode, TextLimits.Code);

    /// <summary>The data layer's refusal, field by field, in its own (Vietnamese) words.</summary>
    public static Problem ToProblem(OrganisationChangeException refused) =>
        Problem.Invalid(refused.Errors.ToDictionary(
            e => e.Key, e => (IReadOnlyList<Message>)[.. e.Value.Select(Message.Verbatim)], StringComparer.Ordinal));
}
