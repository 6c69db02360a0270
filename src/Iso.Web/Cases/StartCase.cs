using System.Text.Json;
using Iso.Data;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>Starts a case of the caller's agency: its own published procedure <see cref="DefinitionKey"/>, else the template.
/// <see cref="ReceivedAt"/> (when the papers were received) defaults to now.</summary>
public sealed record StartCaseRequest(
    string? DefinitionKey,
    string? Reference = null,
    Dictionary<string, JsonElement>? Variables = null,
    DateTimeOffset? ReceivedAt = null);

/// <summary>Receives a case: people who handle cases start it in their own agency.</summary>
public sealed class StartCase(
    IWorkflowRuntime runtime,
    IAuthorizationService authorization,
    IDbContextFactory<IsoDbContext> contexts,
    TimeProvider clock,
    CaseProcedures procedures,
    CaseCodes codes)
{
    /// <summary>How far ahead of the server's clock a received moment may be (a clerk's PC clock runs a little fast).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task<Result<CommandView>> HandleAsync(Caller caller, StartCaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.HandleCases))
        {
            return Problem.Forbidden("Problem_StartCaseForbidden");
        }

        if (await ValidateAsync(caller, request, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        // Who starts what (ADR 0015); an unknown procedure is left to the engine, which names it.
        var key = request.DefinitionKey!.Trim();
        if (await procedures.FindAsync(caller.AgencyId, key, cancellationToken) is { } procedure
            && procedures.RefuseStarter(caller, procedure) is { } wrongStarter)
        {
            return wrongStarter;
        }

        var code = await codes.AllocateAsync(caller.AgencyId, request.ReceivedAt ?? clock.GetUtcNow(), cancellationToken);
        var command = new StartCaseCommand(
            caller.AgencyId,
            key,
            InitiatorId: caller.UserId,
            Variables: request.Variables?.ToDictionary(v => v.Key, v => (object?)v.Value, StringComparer.Ordinal),
            ReceivedAt: request.ReceivedAt,
            Reference: string.IsNullOrWhiteSpace(request.Reference) ? null : request.Reference.Trim(),
            Code: code);
        var started = await WorkflowProblems.RunAsync(runtime, () => runtime.StartCaseAsync(command, cancellationToken));
        return started.Succeeded ? started.Value with { CaseCode = code } : started;
    }

    /// <summary>The received moment's checks, shared with reception: not in the future, not before the agency existed.</summary>
    internal static async Task ValidateReceivedAtAsync(
        Validation validation, DateTimeOffset? receivedAt, Guid agencyId, IDbContextFactory<IsoDbContext> contexts, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (receivedAt is not { } received)
        {
            return;
        }

        if (received > clock.GetUtcNow() + ClockSkew)
        {
            validation.Add("receivedAt", "Validation_ReceivedInFuture");
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var from = await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => (DateOnly?)a.EffectiveFrom).SingleOrDefaultAsync(cancellationToken);
        if (from is { } effective && LocalDate(received, clock) < effective)
        {
            validation.Add("receivedAt", "Validation_ReceivedBeforeAgency", effective);
        }
    }

    private async Task<Problem?> ValidateAsync(Caller caller, StartCaseRequest request, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Required("definitionKey", request.DefinitionKey, TextLimits.Code)
            .Text("reference", request.Reference, TextLimits.Reference)
            .MaxCount("variables", request.Variables?.Count ?? 0, TextLimits.Entries);
        foreach (var (name, value) in request.Variables ?? [])
        {
            if (Validation.IsBlank(name) || name.Length > TextLimits.Code)
            {
                validation.Add("variables", "Validation_BadName", TextLimits.Code);
            }
            else
            {
                validation.MaxLength($"variables.{name}", value.GetRawText(), TextLimits.Value);
            }
        }

        await ValidateReceivedAtAsync(validation, request.ReceivedAt, caller.AgencyId, contexts, clock, cancellationToken);
        return validation.Problem;
    }

    /// <summary>The agency's calendar day of an instant; clamps at the ends of time instead of overflowing (0001-01-01, 9999-12-31).</summary>
    private static DateOnly LocalDate(DateTimeOffset instant, TimeProvider clock)
    {
        var utc = instant.UtcDateTime;
        var ticks = utc.Ticks + clock.LocalTimeZone.GetUtcOffset(utc).Ticks;
        return ticks < DateTime.MinValue.Ticks ? DateOnly.MinValue
            : ticks > DateTime.MaxValue.Ticks ? DateOnly.MaxValue
            : DateOnly.FromDateTime(new DateTime(ticks, DateTimeKind.Unspecified));
    }
}
