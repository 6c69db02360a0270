using System.Globalization;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Application;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Accounts;

/// <summary>Filters a person can name: agency and unit by code, a role, active or not, and text found in the user name,
/// full name, position or e-mail (case and Vietnamese diacritics ignored). <see cref="Page"/> counts from 1.</summary>
public sealed record ListAccountsRequest(
    string? AgencyCode = null, string? UnitCode = null, string? Role = null, bool? Active = null, string? Text = null, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 200;
}

/// <summary>The accounts an administrator manages, filtered and paged on the server; and what the account form offers.</summary>
public sealed class ListAccounts(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, TimeProvider clock)
{
    private static readonly StringComparer VietnameseOrder = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);
    // The root collation, where â, ô, ơ, ư … are o/a/u with a mark: people search without diacritics (Vietnamese collation
    // makes them letters of their own).
    private static readonly CompareInfo Search = CultureInfo.InvariantCulture.CompareInfo;

    public async Task<Result<AccountPage>> HandleAsync(Caller caller, ListAccountsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authority = await AccountAuthority.OfAsync(authorization, caller);
        if (authority.Problem is { } refused)
        {
            return refused;
        }

        var validation = new Validation();
        if (request.Page < 1)
        {
            validation.Add("page", "Accounts_PageOutOfRange");
        }

        if (request.PageSize is < 1 or > ListAccountsRequest.MaxPageSize)
        {
            validation.Add("pageSize", "Accounts_PageSizeOutOfRange", ListAccountsRequest.MaxPageSize);
        }

        if (Check(validation, request) is { } invalid)
        {
            return invalid;
        }

        var all = await QueryAsync(authority.Value, request, withRoles: false, cancellationToken);
        var page = all.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = page.Select(p => p.Id).ToList();
        var roles = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken)).ToLookup(r => r.UserId, r => r.Name!);
        return new AccountPage([.. page.Select(p => p.Item with { Roles = Ordered(roles[p.Id]) })], all.Count, request.Page, request.PageSize);
    }

    /// <summary>The agencies the caller manages (all current ones, or their own) with their current units, and the roles they grant.</summary>
    public async Task<Result<AccountChoices>> GetChoicesAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var authority = await AccountAuthority.OfAsync(authorization, caller);
        if (authority.Problem is { } refused)
        {
            return refused;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var directory = await AccountDirectory.LoadAsync(db, AccountRules.Today(clock), cancellationToken);
        var agencies = directory.Agencies
            .Where(a => authority.Value.Reaches(a.Id))
            .OrderBy(a => a.Name, VietnameseOrder)
            .Select(a => new AgencyChoice(a.Code, a.Name, [.. directory.UnitsOf(a.Id).OrderBy(u => u.SortOrder).ThenBy(u => u.Name, VietnameseOrder).Select(u => new UnitChoice(u.Code, u.Name))]))
            .ToList();
        return new AccountChoices(authority.Value.IsSystemAdministrator, agencies, authority.Value.GrantableRoles);
    }

    internal static Problem? Check(Validation validation, ListAccountsRequest request)
    {
        validation.Text("text", request.Text, TextLimits.PersonText).Text("agencyCode", request.AgencyCode, TextLimits.Code)
            .Text("unitCode", request.UnitCode, TextLimits.Code).Text("role", request.Role, TextLimits.Code);
        if (!Validation.IsBlank(request.Role) && !IsoRoles.All.Contains(request.Role!.Trim(), StringComparer.Ordinal))
        {
            validation.Add("role", "Accounts_UnknownRole", request.Role.Trim());
        }

        return validation.Problem;
    }

    /// <summary>Every matching account in reach, ordered by agency and full name as Vietnamese readers sort them. The text
    /// filter and the order run in memory: neither SQLite nor a portable PostgreSQL query compares Vietnamese as people do.</summary>
    internal async Task<List<(Guid Id, AccountListItem Item)>> QueryAsync(
        AccountAuthority authority, ListAccountsRequest request, bool withRoles, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!authority.IsSystemAdministrator)
        {
            var own = authority.Caller.AgencyId;
            users = users.Where(u => u.AgencyId == own);
        }

        if (!Validation.IsBlank(request.AgencyCode))
        {
            var code = request.AgencyCode!.Trim();
            users = users.Where(u => u.Agency!.Code == code);
        }

        if (!Validation.IsBlank(request.UnitCode))
        {
            var code = request.UnitCode!.Trim();
            users = users.Where(u => u.Unit != null && u.Unit.Code == code);
        }

        if (!Validation.IsBlank(request.Role))
        {
            var role = request.Role!.Trim();
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        }

        if (request.Active is { } active)
        {
            users = users.Where(u => u.IsActive == active);
        }

        var rows = await users
            .Select(u => new
            {
                u.Id, u.UserName, u.FullName, u.Position, u.Email, AgencyCode = u.Agency!.Code, AgencyName = u.Agency.Name,
                UnitCode = u.Unit == null ? null : u.Unit.Code, UnitName = u.Unit == null ? null : u.Unit.Name,
                u.IsActive, u.LockoutEnd, u.MustChangePassword, u.TwoFactorEnabled,
            })
            .ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var text = Validation.IsBlank(request.Text) ? null : Fold(request.Text!.Trim());
        var matching = rows
            .Where(r => text is null || new[] { r.UserName, r.FullName, r.Position, r.Email }
                .Any(v => v is not null && Search.IndexOf(Fold(v), text, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0))
            .OrderBy(r => r.AgencyName, VietnameseOrder).ThenBy(r => r.FullName, VietnameseOrder).ThenBy(r => r.UserName, StringComparer.Ordinal)
            .ToList();

        ILookup<Guid, string>? roles = null;
        if (withRoles)
        {
            var ids = matching.Select(m => m.Id).ToHashSet();
            roles = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(cancellationToken))
                .Where(r => ids.Contains(r.UserId))
                .ToLookup(r => r.UserId, r => r.Name!);
        }

        return
        [
            .. matching.Select(r => (r.Id, new AccountListItem(
                r.UserName ?? string.Empty, r.FullName, r.Position, r.Email, r.AgencyCode, r.AgencyName, r.UnitCode, r.UnitName,
                roles is null ? [] : Ordered(roles[r.Id]), r.IsActive, r.LockoutEnd > now, r.MustChangePassword, r.TwoFactorEnabled))),
        ];
    }

    /// <summary>Đ is a letter of its own, not a D with a mark: people typing without diacritics write "d" for it.</summary>
    private static string Fold(string text) => text.Replace('đ', 'd').Replace('Đ', 'D');

    /// <summary>Roles in the product's order (<see cref="IsoRoles.All"/>), so lists and exports read the same everywhere.</summary>
    private static string[] Ordered(IEnumerable<string> roles) =>
        [.. roles.OrderBy(r => IsoRoles.All.IndexOf(r) is var i and >= 0 ? i : int.MaxValue).ThenBy(r => r, StringComparer.Ordinal)];
}

internal static class ListExtensions
{
    public static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
