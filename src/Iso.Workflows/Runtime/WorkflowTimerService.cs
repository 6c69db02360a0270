using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Iso.Workflows.Runtime;

/// <summary>
/// Fires due timers and escalations. Each poll claims a batch by lease under this node's name, so several app
/// nodes may run the service against one database without firing a timer twice.
/// </summary>
public sealed class WorkflowTimerService(
    IServiceScopeFactory scopes,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<WorkflowTimerService> logger) : BackgroundService
{
    private readonly string _owner = options.Value.NodeName ?? $"{Environment.MachineName}:{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunTimerService)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.TimerPollInterval, time);
        do
        {
            try
            {
                int fired;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var runtime = scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>();
                    fired = await runtime.FireDueTimersAsync(_owner, settings.TimerBatchSize, stoppingToken);
                }
                while (fired >= settings.TimerBatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failing poll (database down) must not stop the service; the next tick tries again.
                logger.LogError(ex, "Workflow timer poll failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
