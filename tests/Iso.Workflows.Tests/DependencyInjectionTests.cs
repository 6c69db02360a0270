using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Workflows.InMemory;
using Iso.Workflows.Runtime;
using Iso.Workflows.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Iso.Workflows.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddIsoWorkflows_WithInMemoryStores_RunsACaseAndTheTimerServiceFiresEscalations()
    {
        var time = new FakeTimeProvider(EngineHarness.Epoch);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IWorkingCalendar, FakeWorkingCalendar>()
            .AddIsoWorkflows(o => o.TimerPollInterval = TimeSpan.FromMinutes(1), inMemoryStores: true);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var agency = Guid.NewGuid();
        provider.GetRequiredService<InMemoryOrganisationLookup>().AddAgency(agency, "SKHCN", "Sở Khoa học và Công nghệ", "department");
        provider.GetRequiredService<InMemoryOrganisationLookup>().AddUnit(agency, "VP", "Văn phòng");
        var timerService = provider.GetServices<IHostedService>().OfType<WorkflowTimerService>().Single();
        Guid caseId;
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>()
                .ImportTemplateAsync(EngineHarness.Fixture("Runtime/Workflows/document-approval.json"), cancellationToken: TestContext.Current.CancellationToken);
            var started = await scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>()
                .StartCaseAsync(new StartCaseCommand(agency, "test-document", InitiatorId: Guid.NewGuid()), TestContext.Current.CancellationToken);
            caseId = started.CaseId;
        }

        await timerService.StartAsync(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromHours(9));
        var store = provider.GetRequiredService<Iso.Workflows.Persistence.IWorkflowStore>();
        for (var i = 0; i < 200 && !(await store.GetNotificationsAsync(caseId, TestContext.Current.CancellationToken)).Any(n => n.Kind == Iso.Workflows.Persistence.NotificationKinds.Overdue); i++)
        {
            // The service runs on its own task; give it a moment to finish the poll the clock just triggered.
            await Task.Delay(10, TestContext.Current.CancellationToken);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        await timerService.StopAsync(TestContext.Current.CancellationToken);
        Assert.Single(await store.GetNotificationsAsync(caseId, TestContext.Current.CancellationToken), n => n.Kind == Iso.Workflows.Persistence.NotificationKinds.Overdue);
    }
}
