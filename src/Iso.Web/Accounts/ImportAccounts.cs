using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Application;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Accounts;

/// <summary>An import file as uploaded: its bytes (at most <see cref="ImportAccounts.MaxFileBytes"/>) and its name.</summary>
public sealed record ImportAccountsRequest(byte[] Content, string? FileName);

/// <summary>Creates many accounts from a CSV or Excel file (<see cref="AccountFiles"/>), all or none: every line is
/// checked as the account form checks it (plus duplicate user names within the file); if any line is wrong, the answer
/// lists each wrong line and field (<c>lines[7].unitCode</c>) and nothing is stored. Otherwise all accounts are created in
/// one transaction, each with a one-time password returned once.</summary>
public sealed class ImportAccounts(
    IDbContextFactory<IsoDbContext> contexts,
    IAuthorizationService authorization,
    ILookupNormalizer normalizer,
    IPasswordHasher<IsoUser> hasher,
    IOptions<IdentityOptions> identityOptions,
    TimeProvider clock)
{
    public const int MaxFileBytes = 2 * 1024 * 1024;
    public const int MaxLines = 1000;

    public async Task<Result<IReadOnlyList<OneTimePassword>>> HandleAsync(Caller caller, ImportAccountsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authority = await AccountAuthority.OfAsync(authorization, caller);
        if (authority.Problem is { } refused)
        {
            return refused;
        }

        if (request.Content is null || request.Content.Length == 0)
        {
            return Problem.Invalid("file", "Import_Empty");
        }

        if (request.Content.Length > MaxFileBytes)
        {
            return Problem.Invalid("file", "Import_TooLarge", MaxFileBytes / 1024 / 1024);
        }

        var (lines, unreadable) = AccountFiles.Read(request.Content, request.FileName);
        if (unreadable is not null)
        {
            return Problem.Invalid(new Dictionary<string, IReadOnlyList<Message>> { ["file"] = [unreadable] });
        }

        if (lines.Count == 0)
        {
            return Problem.Invalid("file", "Import_Empty");
        }

        if (lines.Count > MaxLines)
        {
            return Problem.Invalid("file", "Import_TooManyLines", MaxLines, lines.Count);
        }

        await using var db = await authority.Value.CreateContextAsync(contexts, cancellationToken);
        var directory = await AccountDirectory.LoadAsync(db, AccountRules.Today(clock), cancellationToken);
        var names = lines.Where(l => !Validation.IsBlank(l.Input.UserName)).Select(l => normalizer.NormalizeName(l.Input.UserName!.Trim())).ToList();
        var taken = (await db.Users.AsNoTracking().Where(u => names.Contains(u.NormalizedUserName!)).Select(u => u.NormalizedUserName!).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);

        var validation = new Validation();
        var accounts = new List<(AccountInput Input, (Data.Organisation.Agency Agency, Data.Organisation.OrgUnit? Unit, IReadOnlyList<string> Roles) Resolved)>();
        foreach (var line in lines)
        {
            var prefix = FormattableString.Invariant($"lines[{line.Line}].");
            var resolved = AccountRules.Check(validation, prefix, line.Input, authority.Value, directory, identityOptions.Value, checkUserName: true);
            if (!Validation.IsBlank(line.Input.UserName))
            {
                var normalized = normalizer.NormalizeName(line.Input.UserName!.Trim());
                if (taken.Contains(normalized))
                {
                    validation.Add(prefix + "userName", "Accounts_UserNameTaken", line.Input.UserName.Trim());
                    resolved = null;
                }
                else if (firstLineOf.TryGetValue(normalized, out var first))
                {
                    validation.Add(prefix + "userName", "Import_DuplicateInFile", line.Input.UserName.Trim(), first);
                    resolved = null;
                }
                else
                {
                    firstLineOf[normalized] = line.Line;
                }
            }

            if (resolved is { } ok)
            {
                accounts.Add((line.Input, ok));
            }
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        var passwords = new List<OneTimePassword>();
        foreach (var (input, (agency, unit, roles)) in accounts)
        {
            var user = AccountRules.NewUser(input, agency, unit, normalizer, hasher, out var password);
            db.Users.Add(user);
            db.UserRoles.AddRange(roles.Select(role => new IdentityUserRole<Guid> { UserId = user.Id, RoleId = directory.RoleIds[role] }));
            passwords.Add(new OneTimePassword(user.UserName!, user.FullName, password));
        }

        // One SaveChanges is one transaction: a failure stores none of the accounts.
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok<IReadOnlyList<OneTimePassword>>(passwords);
    }
}
