using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Definitions;
using Microsoft.AspNetCore.Authorization;

namespace Iso.Web.Cases;

/// <summary>A document of a TTHC file as reception ticks it off.</summary>
public sealed record RequiredDocumentView(string Name, int Copies, bool Optional);

/// <summary>A procedure the one-stop desk receives: its time limit (in working days or hours) and the documents it lists.</summary>
public sealed record ReceptionProcedureView(
    string Key,
    int Version,
    string Name,
    decimal? TimeLimitWorkingDays,
    decimal? TimeLimitWorkingHours,
    bool IntakeRule,
    IReadOnlyList<RequiredDocumentView> RequiredDocuments);

/// <summary>The published TTHC procedures of the caller's agency, for its one-stop staff (who starts what, ADR 0015).</summary>
public sealed class ListReceptionProcedures(IAuthorizationService authorization, CaseProcedures procedures)
{
    public async Task<Result<IReadOnlyList<ReceptionProcedureView>>> HandleAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.HandleCases) || !procedures.IsReception(caller))
        {
            return Problem.Forbidden("Problem_ReceptionOnly");
        }

        var list = await procedures.ListReceivableAsync(caller.AgencyId, cancellationToken);
        return Result.Ok<IReadOnlyList<ReceptionProcedureView>>([.. list.Select(p => ToView(p.Definition, p.Stored.Version))]);
    }

    internal static ReceptionProcedureView ToView(WorkflowDefinition definition, int version) => new(
        definition.Key,
        version,
        definition.Name,
        definition.TimeLimit?.WorkingDays,
        definition.TimeLimit?.WorkingHours,
        definition.Intake,
        [.. definition.RequiredDocuments.Select(d => new RequiredDocumentView(d.Name, d.Copies, d.Optional))]);
}
