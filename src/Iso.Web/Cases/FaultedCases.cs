using Iso.Data;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>A case whose automatic work failed on every retry.</summary>
public sealed record FaultedCaseView(
    Guid Id, Guid AgencyId, string AgencyName, string? Reference, string DefinitionKey, DateTimeOffset FaultedAt, string? Reason, DateTimeOffset ReceivedAt);

/// <summary>Which cases to retry or cancel; cancelling needs a reason, which goes into each case's journal.</summary>
public sealed record FaultedCasesRequest(IReadOnlyList<Guid>? CaseIds, string? Reason = null);

/// <summary>What became of each case of a batch: done, or the problem in words.</summary>
public sealed record FaultedCaseOutcome(Guid CaseId, bool Done, string? Problem);

/// <summary>
/// Administrators run the system: they see the faulted cases of every agency and retry (the engine re-arms the failed
/// work and tries it once at once) or cancel them, one or a selection at once. Only faulted, running cases; each act is
/// in the case's journal with who did it.
/// </summary>
public sealed class FaultedCases(
    IWorkflowRuntime runtime, IAuthorizationService authorization, IDbContextFactory<IsoDbContext> contexts, Microsoft.Extensions.Localization.IStringLocalizer<Resources.SharedResource> localizer)
{
    public const int MaxBatch = 100;
    public const int MaxListed = 500;

    public async Task<Result<IReadOnlyList<FaultedCaseView>>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.ManageOrganisation))
        {
            return Problem.Forbidden("Problem_FaultsAdministratorsOnly");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from c in db.Set<WorkflowCaseRecord>().AsNoTracking()
                          where c.FaultedAt != null && c.Status == CaseStatus.Running
                          join a in db.Agencies on c.AgencyId equals a.Id
                          orderby c.FaultedAt descending
                          select new FaultedCaseView(c.Id, c.AgencyId, a.Name, c.Reference, c.DefinitionKey, c.FaultedAt!.Value, c.FaultReason, c.ReceivedAt))
            .Take(MaxListed)
            .ToListAsync(cancellationToken);
        return rows;
    }

    public Task<Result<IReadOnlyList<FaultedCaseOutcome>>> RetryAsync(Caller caller, FaultedCasesRequest request, CancellationToken cancellationToken = default) =>
        BatchAsync(caller, request, needsReason: false, (id, actor) => runtime.RetryFaultedCaseAsync(new RetryFaultedCaseCommand(id, actor), cancellationToken), cancellationToken);

    public Task<Result<IReadOnlyList<FaultedCaseOutcome>>> CancelAsync(Caller caller, FaultedCasesRequest request, CancellationToken cancellationToken = default) =>
        BatchAsync(caller, request, needsReason: true, (id, actor) => runtime.CancelCaseAsync(new CancelCaseCommand(id, actor, request!.Reason!.Trim()), cancellationToken), cancellationToken);

    private async Task<Result<IReadOnlyList<FaultedCaseOutcome>>> BatchAsync(
        Caller caller, FaultedCasesRequest request, bool needsReason, Func<Guid, WorkflowActor, Task<CommandResult>> act, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.ManageOrganisation))
        {
            return Problem.Forbidden("Problem_FaultsAdministratorsOnly");
        }

        var ids = request.CaseIds?.Distinct().ToArray() ?? [];
        var validation = new Validation().MaxCount("caseIds", ids.Length, MaxBatch);
        if (ids.Length == 0)
        {
            validation.Add("caseIds", "Validation_Required");
        }

        if (needsReason)
        {
            validation.Required("reason", request.Reason, TextLimits.Comment).Text("reason", request.Reason, TextLimits.Comment);
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var faulted = (await db.Set<WorkflowCaseRecord>().AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.FaultedAt != null && c.Status == CaseStatus.Running)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken)).ToHashSet();
        var actor = caller.ToWorkflowActor();
        var outcomes = new List<FaultedCaseOutcome>(ids.Length);
        foreach (var id in ids)
        {
            if (!faulted.Contains(id))
            {
                outcomes.Add(new FaultedCaseOutcome(id, false, new Message("Problem_CaseNotFaulted", id).Text(localizer)));
                continue;
            }

            try
            {
                await act(id, actor);
                outcomes.Add(new FaultedCaseOutcome(id, true, null));
            }
            catch (Exception ex) when (WorkflowProblems.IsEngineError(ex))
            {
                outcomes.Add(new FaultedCaseOutcome(id, false, WorkflowProblems.From(ex).Describe(localizer)));
            }
        }

        return outcomes;
    }
}
