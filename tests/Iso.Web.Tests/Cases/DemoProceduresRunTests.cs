using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Data.Seeding;
using Iso.Web.Tests.TestSupport;

namespace Iso.Web.Tests.Cases;

/// <summary>The demo must run: every shipped TTHC procedure, as the demo agencies publish it, goes from reception to its
/// result through the API, each step done by the demo account whose role and unit the step names — signed in, taking
/// the task from their own inbox, claiming and completing it.</summary>
public sealed class DemoProceduresRunTests(IsoWebFactory factory) : IAsyncDisposable
{
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Procedures => ["tthc-mot-cap", "tthc-cap-xa", "tthc-lien-thong"];

    [Theory]
    [MemberData(nameof(Procedures))]
    public async Task ShippedTthcProcedure_RunsToItsResult_WithTheDemoAccounts(string procedure)
    {
        var (reception, steps) = Script(procedure);
        var starter = await ClientAsync(reception);
        using var started = await starter.PostAsJsonAsync("/api/v1/cases", new { definitionKey = procedure }, Ct);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var caseId = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("caseId").GetGuid();

        foreach (var (user, node, outcome, form) in steps)
        {
            var client = await ClientAsync(user);
            var task = await FindInInboxAsync(client, caseId, node)
                ?? throw new Xunit.Sdk.XunitException($"{procedure}: step '{node}' is not in the inbox of {user}.");
            using (var claimed = await client.PostAsync($"/api/v1/tasks/{task}/claim", null, Ct))
            {
                Assert.True(claimed.IsSuccessStatusCode, $"{procedure}: {user} could not claim '{node}': {await claimed.Content.ReadAsStringAsync(Ct)}");
            }

            using var completed = await client.PostAsJsonAsync($"/api/v1/tasks/{task}/complete", new { outcome, form }, Ct);
            Assert.True(completed.IsSuccessStatusCode, $"{procedure}: {user} could not complete '{node}': {await completed.Content.ReadAsStringAsync(Ct)}");
        }

        var details = await starter.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct);
        Assert.Equal("Completed", details.GetProperty("status").GetString());
        Assert.Equal("completed", details.GetProperty("result").GetString());
        Assert.True(details.GetProperty("journalVerification").GetProperty("isValid").GetBoolean());
    }

    private static (string Reception, (string User, string Node, string Outcome, Dictionary<string, object> Form)[] Steps) Script(string procedure)
    {
        static Dictionary<string, object> F(params (string Name, object Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return procedure switch
        {
            "tthc-mot-cap" => (DemoAccounts.ReceptionStaff.UserName,
            [
                (DemoAccounts.ReceptionStaff.UserName, "receive", "accept", F(("receiptNo", "GTN-01"), ("applicantName", "Nguyễn Văn Dân"))),
                (DemoAccounts.JusticeHeadOfOffice.UserName, "assign", "assign", F()),
                (DemoAccounts.Staff.UserName, "examine", "submit", F(("eligible", true))),
                (DemoAccounts.JusticeHeadOfOffice.UserName, "review", "submit", F()),
                (DemoAccounts.Leader.UserName, "approve", "approve", F()),
                (DemoAccounts.JusticeClerk.UserName, "register", "sent", F(("resultNo", "15/QĐ-STP"))),
                (DemoAccounts.ReceptionStaff.UserName, "deliver", "delivered", F()),
            ]),
            "tthc-cap-xa" => (DemoAccounts.CommuneStaff.UserName,
            [
                (DemoAccounts.CommuneStaff.UserName, "receive", "accept", F(("receiptNo", "GTN-02"))),
                (DemoAccounts.CommuneOfficer.UserName, "examine", "propose", F()),
                (DemoAccounts.CommuneLeader.UserName, "approve", "approve", F()),
                (DemoAccounts.CommuneClerk.UserName, "register", "sent", F()),
                (DemoAccounts.CommuneStaff.UserName, "deliver", "delivered", F()),
            ]),
            "tthc-lien-thong" => (DemoAccounts.HomeAffairsReception.UserName,
            [
                (DemoAccounts.HomeAffairsReception.UserName, "receive", "accept", F(("receiptNo", "GTN-03"))),
                (DemoAccounts.HomeAffairsHeadOfOffice.UserName, "assign", "assign", F()),
                (DemoAccounts.OtherAgencyStaff.UserName, "prepare-consultation", "sent", F(("agencyA", "Sở Tài chính"), ("agencyB", "Sở Tư pháp"))),
                // The consultation runs in parallel: both opinions are open at once; their order does not matter.
                (DemoAccounts.OtherAgencyStaff.UserName, "opinion-b", "received", F(("agreeB", true), ("opinionBNo", "12/STP"))),
                (DemoAccounts.OtherAgencyStaff.UserName, "opinion-a", "received", F(("agreeA", true), ("opinionANo", "34/STC"))),
                (DemoAccounts.OtherAgencyStaff.UserName, "draft-result", "submit", F()),
                (DemoAccounts.HomeAffairsHeadOfOffice.UserName, "review", "submit", F()),
                (DemoAccounts.HomeAffairsLeader.UserName, "approve", "approve", F()),
                (DemoAccounts.HomeAffairsClerk.UserName, "register", "sent", F()),
                (DemoAccounts.HomeAffairsReception.UserName, "deliver", "delivered", F()),
            ]),
            _ => throw new ArgumentOutOfRangeException(nameof(procedure)),
        };
    }

    /// <summary>The task of the case at the step, as the person's inbox lists it (a list, or a page with <c>items</c>).</summary>
    private static async Task<Guid?> FindInInboxAsync(HttpClient client, Guid caseId, string node) =>
        (await InboxPages.FindAsync(client, t => t.GetProperty("caseId").GetGuid() == caseId && t.GetProperty("nodeId").GetString() == node))
            ?.GetProperty("id").GetGuid();

    private async Task<HttpClient> ClientAsync(string userName)
    {
        if (!_clients.TryGetValue(userName, out var client))
        {
            _clients[userName] = client = await factory.CreateClientForAsync(userName, Demo.Password);
        }

        return client;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
