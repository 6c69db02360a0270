using System.Collections.Concurrent;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Microsoft.Extensions.Options;

namespace Iso.Web.Cases;

/// <summary>A procedure a case can start on: the stored version and its parsed definition.</summary>
public sealed record CaseProcedure(StoredDefinition Stored, WorkflowDefinition Definition)
{
    public bool IsTthc => string.Equals(Definition.Category, "tthc", StringComparison.Ordinal);
}

/// <summary>Finds the procedure an agency's case starts on, as the engine does (the agency's own published version, else the
/// published template), and says who may start it: reception staff start TTHC cases; the ISO procedures (internal audit,
/// management review, corrective action, document and records control) are started by the quality officer or a leader.</summary>
public sealed class CaseProcedures(IWorkflowDefinitionStore definitions, IOptions<ReceptionOptions> options)
{
    // Stored versions never change once published, so a parsed one is kept for the life of the process.
    private static readonly ConcurrentDictionary<Guid, WorkflowDefinition> Parsed = new();

    public string ReceptionUnitCode => options.Value.ReceptionUnitCode;

    public async Task<CaseProcedure?> FindAsync(Guid agencyId, string key, CancellationToken cancellationToken = default)
    {
        var stored = await definitions.FindPublishedAsync(agencyId, key, cancellationToken)
            ?? await definitions.FindPublishedAsync(null, key, cancellationToken);
        return stored is null ? null : Of(stored);
    }

    /// <summary>The agency's own published TTHC procedures (what its one-stop desk receives), by name.</summary>
    public async Task<IReadOnlyList<CaseProcedure>> ListReceivableAsync(Guid agencyId, CancellationToken cancellationToken = default)
    {
        var all = await definitions.ListAsync(agencyId, cancellationToken);
        return [.. all.Where(d => d.Status == DefinitionStatus.Published).Select(Of).Where(p => p.IsTthc)
            .OrderBy(p => p.Definition.Name, StringComparer.Ordinal)];
    }

    /// <summary>The procedure a case runs on, parsed (its stored version never changes).</summary>
    public async Task<CaseProcedure?> OfCaseAsync(WorkflowCaseRecord workflowCase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowCase);
        return await definitions.FindAsync(workflowCase.DefinitionId, cancellationToken) is { } stored ? Of(stored) : null;
    }

    public async Task<string> NameOfAsync(WorkflowCaseRecord workflowCase, CancellationToken cancellationToken = default) =>
        (await OfCaseAsync(workflowCase, cancellationToken))?.Definition.Name ?? workflowCase.DefinitionKey;

    /// <summary>Null when the caller may start a case of the procedure; otherwise why not.</summary>
    public Problem? RefuseStarter(Caller caller, CaseProcedure procedure)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(procedure);
        if (procedure.Definition.Category is null)
        {
            // A procedure of no category (a test fixture, an agency's own experiment): anyone who handles cases.
            return null;
        }

        if (procedure.IsTthc)
        {
            return IsReception(caller) ? null : Problem.Forbidden("Problem_StartTthcReceptionOnly", procedure.Definition.Name);
        }

        return caller.Roles.Contains(IsoRoles.QualityOfficer) || caller.Roles.Contains(IsoRoles.Leader)
            ? null
            : Problem.Forbidden("Problem_StartIsoProcedureOfficerOnly", procedure.Definition.Name);
    }

    /// <summary>One-stop staff: Staff of the reception unit.</summary>
    public bool IsReception(Caller caller) => IsReception(caller, options.Value);

    /// <summary>One-stop staff under the given reception settings (for components that need no definitions).</summary>
    public static bool IsReception(Caller caller, ReceptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(options);
        return caller.IsSignedIn && caller.Roles.Contains(IsoRoles.Staff) && caller.UnitCodes.Contains(options.ReceptionUnitCode, StringComparer.Ordinal);
    }

    private static CaseProcedure Of(StoredDefinition stored) =>
        new(stored, Parsed.GetOrAdd(stored.Id, static (_, s) => WorkflowDefinitionLoader.LoadValid(s.Json, $"{s.Key} v{s.Version}"), stored));
}
