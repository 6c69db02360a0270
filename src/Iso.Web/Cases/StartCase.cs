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
    IWorkflowRuntime runtime, IAuthorizationService authorization, IDbContextFactory<IsoDbContext> contexts, TimeProvider clock)
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

        var command = new StartCaseCommand(
            caller.AgencyId,
            request.DefinitionKey!.Trim(),
            InitiatorId: caller.UserId,
            Variables: request.Variables?.ToDictionary(v => v.Key, v => (object?)v.Value, StringComparer.Ordinal),
            ReceivedAt: request.ReceivedAt,
            Reference: string.IsNullOrWhiteSpace(request.Reference) ? null : request.Reference.Trim());
        return await WorkflowProblems.RunAsync(runtime, () => runtime.StartCaseAsync(command, cancellationToken));
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

        if (request.ReceivedAt is { } received)
        {
            if (received > clock.GetUtcNow() + ClockSkew)
            {
                validation.Add("receivedAt", "Validation_ReceivedInFuture");
            }
            else if (await AgencyEffectiveFromAsync(caller.AgencyId, cancellationToken) is { } from && LocalDate(received) < from)
            {
                validation.Add("receivedAt", "Validation_ReceivedBeforeAgency", from);
            }
        }

        return validation.Problem;
    }

    private async Task<DateOnly?> AgencyEffectiveFromAsync(Guid agencyId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => (DateOnly?)a.EffectiveFrom).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The agency's calendar day of an instant; clamps at the ends of time instead of overflowing (0001-01-01, 9999-12-31).</summary>
    private DateOnly LocalDate(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var ticks = utc.Ticks + clock.LocalTimeZone.GetUtcOffset(utc).Ticks;
        return ticks < DateTime.MinValue.Ticks ? DateOnly.MinValue
            : ticks > DateTime.MaxValue.Ticks ? DateOnly.MaxValue
            : DateOnly.FromDateTime(new DateTime(ticks, DateTimeKind.Unspecified));
    }
}
