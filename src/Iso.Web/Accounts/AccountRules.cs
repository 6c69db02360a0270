using System.Globalization;
using System.Net.Mail;
using System.Security.Cryptography;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Data.Seeding;
using Iso.Web.Application;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Accounts;

/// <summary>An account as typed in the form, the API or one line of an import file.</summary>
public sealed record AccountInput(
    string? UserName, string? FullName, string? Position, string? Email, string? AgencyCode, string? UnitCode, IReadOnlyList<string>? Roles);

/// <summary>The agencies, current units and roles an account may refer to, loaded once per operation.</summary>
internal sealed class AccountDirectory
{
    private static readonly CompareInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN").CompareInfo;
    private readonly Dictionary<string, Agency> _agencies;
    private readonly Dictionary<(Guid, string), OrgUnit> _units;

    private AccountDirectory(IEnumerable<Agency> agencies, IEnumerable<OrgUnit> units, Dictionary<string, Guid> roleIds)
    {
        _agencies = agencies.ToDictionary(a => a.Code, StringComparer.OrdinalIgnoreCase);
        _units = units.ToDictionary(u => (u.AgencyId, u.Code.ToUpperInvariant()));
        RoleIds = roleIds;
        RoleNames = roleIds.ToDictionary(r => r.Value, r => r.Key);
    }

    public Dictionary<string, Guid> RoleIds { get; }

    public Dictionary<Guid, string> RoleNames { get; }

    public IEnumerable<Agency> Agencies => _agencies.Values;

    public IEnumerable<OrgUnit> UnitsOf(Guid agencyId) => _units.Values.Where(u => u.AgencyId == agencyId);

    /// <summary>Current agencies and units (no end date, or one not yet passed): nobody joins a closed one.</summary>
    public static async Task<AccountDirectory> LoadAsync(IsoDbContext db, DateOnly today, CancellationToken cancellationToken)
    {
        var agencies = await db.Agencies.AsNoTracking().Where(a => a.EffectiveTo == null || a.EffectiveTo >= today).ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().Where(u => u.EffectiveTo == null || u.EffectiveTo >= today).ToListAsync(cancellationToken);
        var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Name!, r => r.Id, StringComparer.Ordinal, cancellationToken);
        return new AccountDirectory(agencies, units, roles);
    }

    public Agency? Agency(string? code) => code is null ? null : _agencies.GetValueOrDefault(code.Trim());

    public Agency? Agency(Guid id) => _agencies.Values.FirstOrDefault(a => a.Id == id);

    public OrgUnit? Unit(Guid agencyId, string code) => _units.GetValueOrDefault((agencyId, code.Trim().ToUpperInvariant()));

    /// <summary>A role by its code (<c>Staff</c>) or its Vietnamese name (<c>Chuyên viên</c>), as people write it in a file.</summary>
    public static string? ResolveRole(string text)
    {
        var trimmed = text.Trim();
        return IsoRoles.All.FirstOrDefault(r => string.Equals(r, trimmed, StringComparison.OrdinalIgnoreCase)
            || Vietnamese.Compare(DemoAccounts.RoleNameVi(r), trimmed, CompareOptions.IgnoreCase) == 0);
    }
}

/// <summary>The checks every way of making or changing an account shares (form, API, import line), and the making itself.</summary>
internal static class AccountRules
{
    /// <summary>Checks <paramref name="input"/>, adding what is wrong to <paramref name="validation"/> under
    /// <paramref name="prefix"/> (e.g. <c>lines[3].</c>); returns the agency, unit and roles when all is well.</summary>
    public static (Agency Agency, OrgUnit? Unit, IReadOnlyList<string> Roles)? Check(
        Validation validation,
        string prefix,
        AccountInput input,
        AccountAuthority authority,
        AccountDirectory directory,
        IdentityOptions identity,
        bool checkUserName,
        Agency? currentAgency = null)
    {
        var errorsBefore = Count(validation);
        if (checkUserName)
        {
            validation.Required(prefix + "userName", input.UserName, TextLimits.UserName);
            var allowed = identity.User.AllowedUserNameCharacters;
            if (!Validation.IsBlank(input.UserName) && !string.IsNullOrEmpty(allowed) && input.UserName!.Trim().Any(c => !allowed.Contains(c, StringComparison.Ordinal)))
            {
                validation.Add(prefix + "userName", "Accounts_UserNameCharacters");
            }
        }

        validation.Required(prefix + "fullName", input.FullName, TextLimits.PersonText).Text(prefix + "fullName", input.FullName, TextLimits.PersonText);
        validation.Text(prefix + "position", input.Position, TextLimits.PersonText);
        validation.Text(prefix + "email", input.Email, TextLimits.PersonText);
        if (!Validation.IsBlank(input.Email) && !MailAddress.TryCreate(input.Email!.Trim(), out _))
        {
            validation.Add(prefix + "email", "Accounts_EmailInvalid");
        }

        validation.Text(prefix + "agencyCode", input.AgencyCode, TextLimits.Code).Text(prefix + "unitCode", input.UnitCode, TextLimits.Code);

        // The agency: named, or (for an agency administrator, or an edit that does not move the account) the current one.
        Agency? agency;
        if (Validation.IsBlank(input.AgencyCode))
        {
            agency = currentAgency ?? (authority.IsSystemAdministrator ? null : directory.Agency(authority.Caller.AgencyId));
            if (agency is null)
            {
                validation.Add(prefix + "agencyCode", "Validation_Required");
            }
        }
        else
        {
            agency = directory.Agency(input.AgencyCode);
            if (agency is null)
            {
                validation.Add(prefix + "agencyCode", "Accounts_UnknownAgency", input.AgencyCode!.Trim());
            }
            else if (agency.Id != currentAgency?.Id && !authority.IsSystemAdministrator && agency.Id != authority.Caller.AgencyId)
            {
                validation.Add(prefix + "agencyCode", "Accounts_AgencyNotYours", agency.Code);
                agency = null;
            }
            else if (currentAgency is not null && agency.Id != currentAgency.Id && !authority.IsSystemAdministrator)
            {
                validation.Add(prefix + "agencyCode", "Accounts_MoveNotAllowed");
                agency = null;
            }
        }

        OrgUnit? unit = null;
        if (agency is not null && !Validation.IsBlank(input.UnitCode))
        {
            unit = directory.Unit(agency.Id, input.UnitCode!);
            if (unit is null)
            {
                validation.Add(prefix + "unitCode", "Accounts_UnknownUnit", input.UnitCode!.Trim(), agency.Name);
            }
        }

        var roles = new List<string>();
        var named = (input.Roles ?? []).Where(r => !Validation.IsBlank(r)).ToList();
        validation.MaxCount(prefix + "roles", named.Count, IsoRoles.All.Count);
        if (named.Count == 0)
        {
            validation.Add(prefix + "roles", "Accounts_RolesRequired");
        }

        foreach (var text in named.Take(IsoRoles.All.Count + 1))
        {
            var role = AccountDirectory.ResolveRole(text);
            if (role is null)
            {
                validation.Add(prefix + "roles", "Accounts_UnknownRole", text.Trim().Length > TextLimits.Code ? text.Trim()[..TextLimits.Code] : text.Trim());
            }
            else if (!authority.MayGrant(role))
            {
                validation.Add(prefix + "roles", "Accounts_RoleNotGrantable", role);
            }
            else if (!roles.Contains(role, StringComparer.Ordinal))
            {
                roles.Add(role);
            }
        }

        return Count(validation) == errorsBefore && agency is not null ? (agency, unit, roles) : null;
    }

    public static IsoUser NewUser(
        AccountInput input, Agency agency, OrgUnit? unit, ILookupNormalizer normalizer, IPasswordHasher<IsoUser> hasher, out string oneTimePassword)
    {
        var email = Validation.IsBlank(input.Email) ? null : input.Email!.Trim();
        var user = new IsoUser
        {
            Id = Guid.NewGuid(),
            UserName = input.UserName!.Trim(),
            NormalizedUserName = normalizer.NormalizeName(input.UserName.Trim()),
            FullName = input.FullName!.Trim(),
            Position = Validation.IsBlank(input.Position) ? null : input.Position!.Trim(),
            Email = email,
            NormalizedEmail = email is null ? null : normalizer.NormalizeEmail(email),
            EmailConfirmed = email is not null,
            AgencyId = agency.Id,
            UnitId = unit?.Id,
            IsActive = true,
            LockoutEnabled = true,
            MustChangePassword = true,
            SecurityStamp = NewStamp(),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
        oneTimePassword = AccountProvisioning.GeneratePassword();
        user.PasswordHash = hasher.HashPassword(user, oneTimePassword);
        return user;
    }

    /// <summary>A new security stamp ends the account's open sessions and refresh tokens (as UserManager.UpdateSecurityStampAsync).</summary>
    public static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(20));

    public static async Task<IsoUser?> FindAsync(IsoDbContext db, ILookupNormalizer normalizer, string userName, CancellationToken cancellationToken)
    {
        var normalized = normalizer.NormalizeName(userName.Trim());
        return await db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
    }

    public static async Task<List<string>> RolesOfAsync(IsoDbContext db, Guid userId, CancellationToken cancellationToken) =>
        await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name!)
            .ToListAsync(cancellationToken);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    private static int Count(Validation validation) => validation.Problem?.Errors.Sum(e => e.Value.Count) ?? 0;
}
