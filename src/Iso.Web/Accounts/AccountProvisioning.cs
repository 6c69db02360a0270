using System.Security.Cryptography;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Accounts;

/// <summary>The outcome of creating an account or setting its password: the one-time password to hand over (when none
/// was given), or what is wrong.</summary>
public sealed record ProvisioningResult(bool Succeeded, string? OneTimePassword, string? AgencyName, IReadOnlyList<string> Errors)
{
    public static ProvisioningResult Failed(params string[] errors) => new(false, null, null, errors);
}

/// <summary>Accounts made outside the web UI (the <c>admin</c> verbs): the first administrator of a fresh installation,
/// and a new password for an account nobody can sign in to any more.</summary>
public sealed class AccountProvisioning(IsoDbContext db, UserManager<IsoUser> users, TimeProvider clock)
{
    /// <summary>The agency a first administrator joins when the database has none yet; an administrator renames it later.</summary>
    public const string BootstrapAgencyCode = "HETHONG";

    /// <summary>Creates an active administrator. Without <paramref name="password"/> a one-time password is returned, which
    /// must be changed at the first sign-in. The agency is <paramref name="agencyCode"/>, else the first top-level agency,
    /// else a new top-level agency <see cref="BootstrapAgencyCode"/>.</summary>
    public async Task<ProvisioningResult> CreateAdministratorAsync(
        string userName, string? password, string? fullName, string? agencyCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        if (await users.FindByNameAsync(userName.Trim()) is not null)
        {
            return ProvisioningResult.Failed($"Tên đăng nhập '{userName.Trim()}' đã có; chọn tên khác hoặc đặt lại mật khẩu bằng 'admin password --user {userName.Trim()}'.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var agency = await ResolveAgencyAsync(agencyCode, cancellationToken);
        if (agency is null)
        {
            return ProvisioningResult.Failed($"Không có cơ quan mã '{agencyCode}'.");
        }

        var oneTime = password is null ? GeneratePassword() : null;
        var user = new IsoUser
        {
            UserName = userName.Trim(),
            FullName = string.IsNullOrWhiteSpace(fullName) ? userName.Trim() : fullName.Trim(),
            Position = "Quản trị hệ thống",
            AgencyId = agency.Id,
            LockoutEnabled = true,
            EmailConfirmed = true,
            MustChangePassword = oneTime is not null,
        };
        var created = await users.CreateAsync(user, password ?? oneTime!);
        if (!created.Succeeded)
        {
            return ProvisioningResult.Failed([.. created.Errors.Select(e => e.Description)]);
        }

        var role = await users.AddToRoleAsync(user, IsoRoles.Administrator);
        if (!role.Succeeded)
        {
            return ProvisioningResult.Failed([.. role.Errors.Select(e => e.Description)]);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ProvisioningResult(true, oneTime, agency.Name, []);
    }

    /// <summary>Sets a new password (given, or a one-time one that must be changed at the next sign-in), clears a
    /// lockout and ends the account's open sessions.</summary>
    public async Task<ProvisioningResult> SetPasswordAsync(string userName, string? password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            return ProvisioningResult.Failed($"Không có tài khoản '{userName.Trim()}'.");
        }

        var oneTime = password is null ? GeneratePassword() : null;
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password ?? oneTime);
            if (!check.Succeeded)
            {
                return ProvisioningResult.Failed([.. check.Errors.Select(e => e.Description)]);
            }
        }

        user.PasswordHash = users.PasswordHasher.HashPassword(user, password ?? oneTime!);
        user.MustChangePassword = oneTime is not null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        var updated = await users.UpdateSecurityStampAsync(user);
        cancellationToken.ThrowIfCancellationRequested();
        return updated.Succeeded
            ? new ProvisioningResult(true, oneTime, null, [])
            : ProvisioningResult.Failed([.. updated.Errors.Select(e => e.Description)]);
    }

    /// <summary>16 characters from an alphabet without look-alikes (0/O, 1/l/I), with each class Identity's rules ask for,
    /// starting with a letter.</summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string lower = "abcdefghijkmnpqrstuvwxyz";
        const string digits = "23456789";
        const string symbols = "@#%+=?!";
        const string all = upper + lower + digits + symbols;
        var chars = new char[16];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        // A letter first: a spreadsheet would read a leading = + @ as a formula when the list is handed out as CSV.
        var letter = Array.FindIndex(chars, char.IsLetter);
        (chars[0], chars[letter]) = (chars[letter], chars[0]);
        return new string(chars);
    }

    private async Task<Agency?> ResolveAgencyAsync(string? agencyCode, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(agencyCode))
        {
            return await db.Agencies.SingleOrDefaultAsync(a => a.Code == agencyCode.Trim(), cancellationToken);
        }

        var root = await db.Agencies.Where(a => a.ParentId == null && a.EffectiveTo == null)
            .OrderBy(a => a.SortOrder).ThenBy(a => a.Code).FirstOrDefaultAsync(cancellationToken);
        if (root is not null)
        {
            return root;
        }

        var bootstrap = new Agency
        {
            Id = Guid.NewGuid(),
            Code = BootstrapAgencyCode,
            Name = "Đơn vị quản trị hệ thống ISO điện tử",
            KindCode = "province",
            EffectiveFrom = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
        };
        db.Agencies.Add(bootstrap);
        await db.SaveChangesAsync(cancellationToken);
        return bootstrap;
    }
}
