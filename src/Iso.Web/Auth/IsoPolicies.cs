using Iso.Data.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Iso.Web.Auth;

/// <summary>The authorisation policies. Pages, navigation and endpoints name these, never roles.</summary>
public static class IsoPolicies
{
    public const string ManageOrganisation = nameof(ManageOrganisation);

    /// <summary>Accounts: system administrators for every agency, agency administrators for their own (the use cases scope it).</summary>
    public const string ManageAccounts = nameof(ManageAccounts);
    public const string AuthorDocuments = nameof(AuthorDocuments);
    public const string Approve = nameof(Approve);
    public const string HandleCases = nameof(HandleCases);
    public const string Audit = nameof(Audit);
    public const string ReadAcrossAgencies = nameof(ReadAcrossAgencies);

    /// <summary>Resource-based: the resource is the agency's id (<see cref="Guid"/>).</summary>
    public const string ReadAgency = nameof(ReadAgency);

    /// <summary>Who reads every agency: Sở KH&amp;CN's auditors inspect all agencies; administrators run the system.</summary>
    public static IReadOnlyList<string> ReadAcrossAgenciesRoles { get; } = [IsoRoles.Auditor, IsoRoles.Administrator];

    /// <summary>Registers the policies and the handler of the resource-based <see cref="ReadAgency"/> requirement.</summary>
    public static IServiceCollection AddIsoAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddIsoPolicies();
        services.AddSingleton<IAuthorizationHandler, ReadAgencyHandler>();
        return services;
    }

    private static AuthorizationBuilder AddIsoPolicies(this AuthorizationBuilder builder) =>
        builder
            // Everything needs a signed-in person unless it says [AllowAnonymous] / .AllowAnonymous() (login, errors, assets).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ManageOrganisation, p => p.RequireRole(IsoRoles.Administrator))
            .AddPolicy(ManageAccounts, p => p.RequireRole(IsoRoles.Administrator, IsoRoles.AgencyAdministrator))
            .AddPolicy(AuthorDocuments, p => p.RequireRole(IsoRoles.QualityOfficer))
            .AddPolicy(Approve, p => p.RequireRole(IsoRoles.Leader))
            .AddPolicy(HandleCases, p => p.RequireRole(IsoRoles.Staff, IsoRoles.Leader, IsoRoles.QualityOfficer))
            .AddPolicy(Audit, p => p.RequireRole(IsoRoles.Auditor))
            .AddPolicy(ReadAcrossAgencies, p => p.RequireRole(ReadAcrossAgenciesRoles))
            .AddPolicy(ReadAgency, p => p.RequireAuthenticatedUser().AddRequirements(new ReadAgencyRequirement()));
}
