using Iso.Data;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>What reception is about to receive: the procedure and the received moment (now when not given).</summary>
public sealed record PreviewReceptionRequest(string? DefinitionKey, DateTimeOffset? ReceivedAt = null);

/// <summary>The appointment the receipt will carry: counted from <see cref="CountedFrom"/> (after the 15:00 intake rule),
/// due at <see cref="AppointmentAt"/> in working time (null when the procedure has no time limit).</summary>
public sealed record AppointmentPreview(
    string DefinitionKey,
    DateTimeOffset ReceivedAt,
    DateTimeOffset CountedFrom,
    DateTimeOffset? AppointmentAt,
    decimal? TimeLimitWorkingHours,
    bool CountedFromNextWorkingPeriod);

/// <summary>Computes the appointment date before reception confirms, exactly as the engine will when the case starts
/// (the same calendar, intake rule and time limit), so the clerk can tell the applicant before printing.</summary>
public sealed class PreviewReception(
    IAuthorizationService authorization, CaseProcedures procedures, IWorkingCalendar calendar, IDbContextFactory<IsoDbContext> contexts, TimeProvider clock)
{
    public async Task<Result<AppointmentPreview>> HandleAsync(Caller caller, PreviewReceptionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.HandleCases) || !procedures.IsReception(caller))
        {
            return Problem.Forbidden("Problem_ReceptionOnly");
        }

        var validation = new Validation().Required("definitionKey", request.DefinitionKey, TextLimits.Code);
        await StartCase.ValidateReceivedAtAsync(validation, request.ReceivedAt, caller.AgencyId, contexts, clock, cancellationToken);
        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        var procedure = await procedures.FindAsync(caller.AgencyId, request.DefinitionKey!.Trim(), cancellationToken);
        if (procedure is null || !procedure.IsTthc)
        {
            return Problem.Invalid("definitionKey", "Validation_UnknownTthcProcedure", request.DefinitionKey);
        }

        return Compute(procedure, request.ReceivedAt ?? clock.GetUtcNow(), calendar);
    }

    internal static AppointmentPreview Compute(CaseProcedure procedure, DateTimeOffset received, IWorkingCalendar calendar)
    {
        var definition = procedure.Definition;
        var counted = definition.Intake ? calendar.ApplyIntake(received) : received;
        var limit = definition.TimeLimit?.ToWorkingDuration();
        return new AppointmentPreview(
            definition.Key,
            received,
            counted,
            limit is { } l ? calendar.AddWorkingTime(counted, l) : null,
            limit?.Hours,
            counted > received);
    }
}
