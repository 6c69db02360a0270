namespace Iso.Web.Accounts;

/// <summary>An account as the list, the export and the API show it. Never any password data.</summary>
public sealed record AccountListItem(
    string UserName,
    string FullName,
    string? Position,
    string? Email,
    string AgencyCode,
    string AgencyName,
    string? UnitCode,
    string? UnitName,
    IReadOnlyList<string> Roles,
    bool IsActive,
    bool IsLockedOut,
    bool MustChangePassword,
    bool TwoFactorEnabled);

/// <summary>One page of the filtered list; <see cref="Total"/> counts all matching accounts.</summary>
public sealed record AccountPage(IReadOnlyList<AccountListItem> Items, int Total, int Page, int PageSize);

/// <summary>A one-time password, returned once to the administrator who created the account or reset its password;
/// the person must change it at the first sign-in. Never stored in clear, never shown again.</summary>
public sealed record OneTimePassword(string UserName, string FullName, string Password);

/// <summary>What an administrator may choose in the account form: the agencies in reach with their current units,
/// and the roles they may grant.</summary>
public sealed record AccountChoices(bool IsSystemAdministrator, IReadOnlyList<AgencyChoice> Agencies, IReadOnlyList<string> GrantableRoles);

public sealed record AgencyChoice(string Code, string Name, IReadOnlyList<UnitChoice> Units);

public sealed record UnitChoice(string Code, string Name);

/// <summary>One entry of an account's history: when, who, what (Added/Modified/Deleted) and which fields changed.
/// Password data shows only as "changed".</summary>
public sealed record AccountChange(DateTimeOffset At, string? UserName, string Action, IReadOnlyList<AccountFieldChange> Changes);

/// <summary>A changed field; <see cref="Field"/> is the property name (<c>Role</c> for a role granted or taken away).
/// <see cref="Redacted"/> marks password data: changed, value never shown.</summary>
public sealed record AccountFieldChange(string Field, string? Old, string? New, bool Redacted = false);
