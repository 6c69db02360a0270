using System.Text.Json;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Application;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Accounts;

/// <summary>An account's history from the append-only journal of changes, newest first: who created it, changed its
/// fields or roles, deactivated, unlocked or reset it, and when. Password data shows only as changed.</summary>
public sealed class GetAccountHistory(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, ILookupNormalizer normalizer)
{
    public const int MaxEntries = 200;

    private const string UserEntity = nameof(IsoUser);
    private const string UserRoleEntity = "IdentityUserRole";

    /// <summary>Fields people ask about; lookup keys and stamps are left out.</summary>
    private static readonly string[] Shown =
    [
        "UserName", "FullName", "Position", "Email", "AgencyId", "UnitId", "IsActive", "MustChangePassword", "TwoFactorEnabled",
        "LockoutEnd", "PasswordHash",
    ];

    public async Task<Result<IReadOnlyList<AccountChange>>> HandleAsync(Caller caller, string? userName, CancellationToken cancellationToken = default)
    {
        var authority = await AccountAuthority.OfAsync(authorization, caller);
        if (authority.Problem is { } refused)
        {
            return refused;
        }

        if (new Validation().Required("userName", userName, TextLimits.UserName).Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await AccountRules.FindAsync(db, normalizer, userName!, cancellationToken);
        if (user is null || !authority.Value.Reaches(user.AgencyId))
        {
            return Problem.NotFound("Accounts_NotFound", userName!.Trim());
        }

        var id = user.Id.ToString();
        var rolePrefix = id + "|";
        var entries = await db.History.AsNoTracking()
            .Where(h => (h.EntityType == UserEntity && h.EntityId == id) || (h.EntityType == UserRoleEntity && h.EntityId.StartsWith(rolePrefix)))
            .OrderByDescending(h => h.Id)
            .Take(MaxEntries)
            .ToListAsync(cancellationToken);
        var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id.ToString(), r => r.Name!, cancellationToken);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id.ToString(), a => a.Name, cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id.ToString(), u => u.Name, cancellationToken);

        var changes = new List<AccountChange>();
        foreach (var entry in entries)
        {
            if (entry.EntityType == UserRoleEntity)
            {
                var role = roles.GetValueOrDefault(entry.EntityId[rolePrefix.Length..], entry.EntityId[rolePrefix.Length..]);
                changes.Add(new AccountChange(entry.At, entry.UserName, entry.Action,
                    [entry.Action == "Deleted" ? new AccountFieldChange("Role", role, null) : new AccountFieldChange("Role", null, role)]));
                continue;
            }

            using var json = JsonDocument.Parse(entry.Changes);
            var fields = new List<AccountFieldChange>();
            foreach (var field in Shown)
            {
                if (!json.RootElement.TryGetProperty(field, out var change))
                {
                    continue;
                }

                if (change.TryGetProperty("redacted", out _))
                {
                    fields.Add(new AccountFieldChange(field, null, null, Redacted: true));
                    continue;
                }

                string? Read(string name) => change.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                    ? field switch
                    {
                        "AgencyId" => agencies.GetValueOrDefault(value.GetString() ?? string.Empty, value.GetString()!),
                        "UnitId" => units.GetValueOrDefault(value.GetString() ?? string.Empty, value.GetString()!),
                        _ => value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(),
                    }
                    : null;
                fields.Add(new AccountFieldChange(field, Read("old"), Read("new")));
            }

            if (fields.Count > 0)
            {
                changes.Add(new AccountChange(entry.At, entry.UserName, entry.Action, fields));
            }
        }

        return Result.Ok<IReadOnlyList<AccountChange>>(changes);
    }
}
