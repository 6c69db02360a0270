using System.Security.Claims;
using Iso.Data.Identity;
using Iso.Web.Auth;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Iso.Web.Tests.Auth;

public sealed class WebCurrentActorTests
{
    private static readonly Guid AgencyId = Guid.NewGuid();

    [Fact]
    public void Actor_OfSignedInRequest_IsThePerson()
    {
        var person = TestUsers.Person("Phạm Thị Lan", AgencyId, IsoRoles.Staff);
        var actor = new WebCurrentActor(new CircuitUser(), Accessor(person));

        Assert.Equal("Phạm Thị Lan", actor.UserName);
        Assert.Equal(person.GetUserId(), actor.UserId);
        Assert.Equal(AgencyId, actor.AgencyId);
    }

    [Fact]
    public void Actor_OfCircuit_WinsOverTheHubRequest()
    {
        var circuitPerson = TestUsers.Person("Ngô Thị Hương", AgencyId, IsoRoles.Auditor);
        var actor = new WebCurrentActor(new CircuitUser { User = circuitPerson }, Accessor(new ClaimsPrincipal(new ClaimsIdentity())));

        Assert.Equal("Ngô Thị Hương", actor.UserName);
    }

    [Fact]
    public void Actor_OfAnonymousRequest_IsAnonymous()
    {
        var anonymous = new WebCurrentActor(new CircuitUser(), Accessor(new ClaimsPrincipal(new ClaimsIdentity())));

        Assert.Equal("anonymous", anonymous.UserName);
        Assert.Null(anonymous.UserId);
    }

    [Fact]
    public void Actor_WithoutRequestOrCircuit_IsSystem()
    {
        // HttpContextAccessor's storage flows with the async context; clear it explicitly.
        var system = new WebCurrentActor(new CircuitUser(), new HttpContextAccessor { HttpContext = null });

        Assert.Equal("system", system.UserName);
        Assert.Null(system.AgencyId);
    }

    private static HttpContextAccessor Accessor(ClaimsPrincipal user) => new() { HttpContext = new DefaultHttpContext { User = user } };
}
