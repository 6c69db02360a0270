using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Organisation;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Definitions;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Organisation;

/// <summary>Agencies of a test's own on the shared app: unique codes under the demo province, the units the commune
/// procedure names, a person, the commune procedure adopted and published.</summary>
internal static class OrganisationFixture
{
    public static readonly DateOnly Since = new(2024, 1, 1);

    public static readonly DateOnly Reform = new(2025, 7, 1);

    public static string NewCode(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>A commune with units MOT-CUA, CHUYEN-MON and VAN-THU, a staff member, and the commune procedure published.</summary>
    public static async Task<(Guid Id, string Code)> CommuneAsync(AsyncServiceScope scope, Caller admin, string name, CancellationToken cancellationToken)
    {
        var code = NewCode("T");
        var organisation = scope.Get<OrganisationAdministration>();
        var agency = await organisation.CreateAgencyAsync(admin, new CreateAgencyRequest(code, name, null, "commune", "DAKNONG", Since), cancellationToken);
        Assert.True(agency.Succeeded, agency.Problem?.ToString());
        foreach (var (unit, unitName) in new[] { ("MOT-CUA", "Bộ phận một cửa"), ("CHUYEN-MON", "Tư pháp - Hộ tịch"), ("VAN-THU", "Văn thư") })
        {
            Assert.True((await organisation.CreateUnitAsync(admin, code, new CreateUnitRequest(unit, unitName, Since), cancellationToken)).Succeeded);
        }

        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(cancellationToken);
        var reception = await db.Units.SingleAsync(u => u.AgencyId == agency.Value.Id && u.Code == "MOT-CUA", cancellationToken);
        var users = scope.Get<UserManager<IsoUser>>();
        var person = new IsoUser { UserName = "cb." + code.ToLowerInvariant(), FullName = "Cán bộ " + name, AgencyId = agency.Value.Id, UnitId = reception.Id };
        Assert.True((await users.CreateAsync(person)).Succeeded);
        Assert.True((await users.AddToRoleAsync(person, IsoRoles.Staff)).Succeeded);
        await scope.Get<WorkflowDefinitionService>().AdoptAsync(agency.Value.Id, "tthc-cap-xa", new DefinitionAdaptation(Name: "Thủ tục cấp xã — " + name), cancellationToken: cancellationToken);
        return (agency.Value.Id, code);
    }

    public static async Task<CommandResult> StartCaseAsync(AsyncServiceScope scope, Guid agencyId, string reference, CancellationToken cancellationToken) =>
        await scope.Get<IWorkflowRuntime>().StartCaseAsync(
            new StartCaseCommand(agencyId, "tthc-cap-xa", Reference: reference), cancellationToken);
}
