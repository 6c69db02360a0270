using Iso.Data;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>A leader hands an open task of their own agency to another person who is one of its candidates: active, in
/// the task's agency, with its candidate role and, when the step names a unit, in that unit.</summary>
public sealed class ReassignTask(
    IWorkflowStore store, IWorkflowRuntime runtime, IAuthorizationService authorization, IDbContextFactory<IsoDbContext> contexts)
{
    public async Task<Result<CommandView>> HandleAsync(Caller caller, Guid taskId, ReassignTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (await store.CheckMayActOnTaskAsync(caller, taskId, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!await authorization.AllowsAsync(caller, IsoPolicies.Approve))
        {
            return Problem.Forbidden("Problem_ReassignLeadersOnly");
        }

        var validation = new Validation().Text("comment", request.Comment, TextLimits.Comment);
        if (request.ToUserId is null || request.ToUserId == Guid.Empty)
        {
            validation.Add("toUserId", "Validation_Required");
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        var task = (await store.FindTaskAsync(taskId, cancellationToken))!;
        var candidates = await CandidatesOfAsync(task, cancellationToken);
        if (!candidates.Any(p => p.Id == request.ToUserId))
        {
            return Problem.Invalid("toUserId", "Validation_NotACandidate", task.CandidateRole, task.CandidateUnitCode ?? "—");
        }

        var command = new ReassignTaskCommand(taskId, caller.ToWorkflowActor(), request.ToUserId!.Value, string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim());
        return await WorkflowProblems.RunAsync(runtime, () => runtime.ReassignTaskAsync(command, cancellationToken));
    }

    /// <summary>The people a leader may hand the task to (empty for anyone else, or a task they may not act on).</summary>
    /// <summary>The candidates as the API answers them: another agency's task is not found (its id reveals nothing),
    /// otherwise the list (empty when the caller may not reassign).</summary>
    public async Task<Result<IReadOnlyList<PersonOption>>> FindCandidatesAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (await store.CheckMayActOnTaskAsync(caller, taskId, cancellationToken) is { Kind: ProblemKind.NotFound } notFound)
        {
            return notFound;
        }

        return Result.Ok(await CandidatesAsync(caller, taskId, cancellationToken));
    }

    public async Task<IReadOnlyList<PersonOption>> CandidatesAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (await store.CheckMayActOnTaskAsync(caller, taskId, cancellationToken) is not null
            || !await authorization.AllowsAsync(caller, IsoPolicies.Approve)
            || await store.FindTaskAsync(taskId, cancellationToken) is not { Status: WorkflowTaskStatus.Open } task)
        {
            return [];
        }

        return await CandidatesOfAsync(task, cancellationToken);
    }

    private async Task<IReadOnlyList<PersonOption>> CandidatesOfAsync(WorkflowTaskRecord task, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unit = task.CandidateUnitCode;
        var people = from user in db.Users.AsNoTracking()
                     where user.AgencyId == task.AgencyId && user.IsActive
                     where (from ur in db.UserRoles
                            join role in db.Roles on ur.RoleId equals role.Id
                            where ur.UserId == user.Id && role.Name == task.CandidateRole
                            select ur).Any()
                     join u in db.Units on user.UnitId equals u.Id into units
                     from u in units.DefaultIfEmpty()
                     where unit == null || (u != null && u.Code == unit)
                     select new { user.Id, user.FullName, UnitName = u == null ? null : u.Name };
        var list = await people.ToListAsync(cancellationToken);
        return [.. list.Select(p => new PersonOption(p.Id, p.FullName, p.UnitName)).OrderBy(p => p.FullName, StringComparer.CurrentCulture)];
    }
}
