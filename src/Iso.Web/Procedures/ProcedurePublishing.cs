using Iso.Data;
using Iso.Data.Procedures;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Procedures;

/// <summary>The approval of a procedure: the number and date of the decision that approved it (for a TTHC procedure, the
/// province Chairman's decision).</summary>
public sealed record ApproveProcedureRequest(string? DecisionNumber, DateOnly? DecisionDate);

/// <summary>Why a submitted draft goes back to its author (required).</summary>
public sealed record ReturnProcedureRequest(string? Comment);

public sealed record RetireProcedureRequest(string? Comment = null);

/// <summary>From draft to use: a quality officer submits a draft without errors; a leader of the same agency, who did not
/// write it, approves it (it is published: new cases use it, running cases stay on their version) or returns it with a
/// comment; a leader retires a published version (no new cases). Each step is one transaction with its event.</summary>
public sealed class ProcedurePublishing(
    IDbContextFactory<IsoDbContext> contexts,
    IAuthorizationService authorization,
    ProcedureCatalogue catalogue,
    DefinitionChecker checker,
    WorkflowDefinitionCatalog engineCatalog,
    TimeProvider clock,
    AgencyTime agencyTime)
{
    /// <summary>Decisions before the TCVN ISO 9001 scheme for state agencies (Decision 19/2014/QĐ-TTg) do not approve procedures here.</summary>
    public static readonly DateOnly EarliestDecision = new(2014, 1, 1);

    public async Task<Result<ProcedureVersionDetails>> SubmitAsync(Caller caller, string key, int version, CancellationToken cancellationToken = default)
    {
        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_ProcedureAuthorOnly");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (stored, problem) = await LoadAsync(db, caller, key, version, DefinitionStatus.Draft, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (await CarriedAsync(db, stored!, cancellationToken) is { } carried)
        {
            return carried;
        }

        if (await ErrorsAsync(db, stored!, cancellationToken) is { } errors)
        {
            return errors;
        }

        var now = clock.GetUtcNow();
        stored!.Status = DefinitionStatus.Submitted;
        stored.Revision++;
        db.ProcedureEvents.Add(ProcedureAuthoring.Event(caller, stored, ProcedureEventKinds.Submitted, now, null));
        return await SaveAsync(db, caller, stored, cancellationToken);
    }

    public async Task<Result<ProcedureVersionDetails>> ApproveAsync(
        Caller caller, string key, int version, ApproveProcedureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The request is checked first: what is wrong with a decision is the same whoever sends it.
        var validation = new Validation()
            .Required("decisionNumber", request.DecisionNumber, TextLimits.Reference);
        if (request.DecisionDate is null)
        {
            validation.Add("decisionDate", "Validation_Required");
        }
        else if (request.DecisionDate > agencyTime.Today)
        {
            validation.Add("decisionDate", "Validation_DecisionInFuture");
        }
        else if (request.DecisionDate < EarliestDecision)
        {
            validation.Add("decisionDate", "Validation_DecisionTooOld", EarliestDecision.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        if (!await authorization.AllowsAsync(caller, IsoPolicies.Approve))
        {
            return Problem.Forbidden("Problem_ProcedureLeaderOnly");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (stored, problem) = await LoadAsync(db, caller, key, version, DefinitionStatus.Submitted, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (await CarriedAsync(db, stored!, cancellationToken) is { } carried)
        {
            return carried;
        }

        var authored = await db.ProcedureEvents.AsNoTracking()
            .AnyAsync(e => e.DefinitionId == stored!.Id && e.UserId == caller.UserId && ProcedureEventKinds.Authoring.Contains(e.Kind), cancellationToken);
        if (authored)
        {
            return Problem.Forbidden("Problem_ProcedureOwnDraft");
        }

        if (await ErrorsAsync(db, stored!, cancellationToken) is { } errors)
        {
            return errors;
        }

        var now = clock.GetUtcNow();
        var previous = await ProcedureData.Versions(db, caller.AgencyId, key)
            .Where(d => d.Status == DefinitionStatus.Published)
            .ToListAsync(cancellationToken);
        foreach (var old in previous)
        {
            old.Status = DefinitionStatus.Retired;
            old.RetiredAt = now;
            old.Revision++;
            db.ProcedureEvents.Add(ProcedureAuthoring.Event(caller, old, ProcedureEventKinds.Retired, now, $"→ v{version}"));
        }

        stored!.Status = DefinitionStatus.Published;
        stored.PublishedAt = now;
        stored.Revision++;
        var approval = ProcedureAuthoring.Event(caller, stored, ProcedureEventKinds.Approved, now, null);
        approval.DecisionNumber = request.DecisionNumber!.Trim();
        approval.DecisionDate = request.DecisionDate;
        db.ProcedureEvents.Add(approval);
        return await SaveAsync(db, caller, stored, cancellationToken);
    }

    public async Task<Result<ProcedureVersionDetails>> ReturnAsync(
        Caller caller, string key, int version, ReturnProcedureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.Approve))
        {
            return Problem.Forbidden("Problem_ProcedureLeaderOnly");
        }

        if (new Validation().Required("comment", request.Comment, TextLimits.Comment).Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (stored, problem) = await LoadAsync(db, caller, key, version, DefinitionStatus.Submitted, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        stored!.Status = DefinitionStatus.Draft;
        stored.Revision++;
        db.ProcedureEvents.Add(ProcedureAuthoring.Event(caller, stored, ProcedureEventKinds.Returned, clock.GetUtcNow(), request.Comment!.Trim()));
        return await SaveAsync(db, caller, stored, cancellationToken);
    }

    public async Task<Result<ProcedureVersionDetails>> RetireAsync(
        Caller caller, string key, int version, RetireProcedureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.Approve))
        {
            return Problem.Forbidden("Problem_ProcedureLeaderOnly");
        }

        if (new Validation().Text("comment", request.Comment, TextLimits.Comment).Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (stored, problem) = await LoadAsync(db, caller, key, version, DefinitionStatus.Published, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        stored!.Status = DefinitionStatus.Retired;
        stored.RetiredAt = now;
        stored.Revision++;
        db.ProcedureEvents.Add(ProcedureAuthoring.Event(caller, stored, ProcedureEventKinds.Retired, now, string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim()));
        return await SaveAsync(db, caller, stored, cancellationToken);
    }

    /// <summary>The caller's agency's version, tracked, in the state the step starts from; another agency's is not found.</summary>
    private static async Task<(StoredDefinition? Stored, Problem? Problem)> LoadAsync(
        IsoDbContext db, Caller caller, string key, int version, DefinitionStatus from, CancellationToken cancellationToken)
    {
        var stored = caller.IsSignedIn
            ? await ProcedureData.Versions(db, caller.AgencyId, key).SingleOrDefaultAsync(d => d.Version == version, cancellationToken)
            : null;
        if (stored is null)
        {
            return (null, Problem.NotFound("Problem_ProcedureVersionNotFound", key, version));
        }

        return stored.Status == from
            ? (stored, null)
            : (null, Problem.Conflict("Problem_ProcedureWrongState", key, version, ProcedureData.StatusName(stored.Status)));
    }

    /// <summary>Errors that forbid submitting or publishing, keyed by JSON path: schema, validator, and units the agency lacks today.</summary>
    private async Task<Problem?> ErrorsAsync(IsoDbContext db, StoredDefinition stored, CancellationToken cancellationToken)
    {
        var report = await CheckAsync(db, checker, agencyTime.Today, stored, cancellationToken);
        if (report.IsValid)
        {
            return null;
        }

        var errors = report.Errors
            .GroupBy(e => e.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Message>)[.. g.Select(e => Message.Verbatim(e.Message))], StringComparer.Ordinal);
        return new Problem(ProblemKind.Invalid, new Message("Problem_ProcedureHasErrors", report.Errors.Count), errors);
    }

    /// <summary>What forbids publishing a version: schema, validator, and units the agency lacks <paramref name="today"/>.</summary>
    internal static async Task<ValidationReport> CheckAsync(IsoDbContext db, DefinitionChecker checker, DateOnly today, StoredDefinition stored, CancellationToken cancellationToken)
    {
        var units = await ProcedureCatalogue.ActiveUnitsAsync(db, stored.OwnerAgencyId!.Value, today, cancellationToken);
        return ValidationReport.Of(checker.Check(stored.Json).Concat(checker.CheckUnits(stored.Json, units, today)));
    }

    /// <summary>While a document under review carries this draft, the document's approval publishes it (ADR 0025).</summary>
    private static async Task<Problem?> CarriedAsync(IsoDbContext db, StoredDefinition stored, CancellationToken cancellationToken) =>
        await Documents.DocumentProcedures.CarryingDocumentAsync(db, stored.Id, cancellationToken) is { } code
            ? Problem.Conflict("Problem_ProcedureCarriedByDocument", stored.Key, stored.Version, code)
            : null;

    private async Task<Result<ProcedureVersionDetails>> SaveAsync(IsoDbContext db, Caller caller, StoredDefinition stored, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Conflict("Problem_ProcedureChanged", stored.Key, stored.Version);
        }

        engineCatalog.ForgetPublished(stored.Key);
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == caller.AgencyId).Select(a => new AgencyRef(a.Id, a.Code, a.Name)).SingleAsync(cancellationToken);
        return await catalogue.DetailsAsync(db, caller, agency, stored, cancellationToken);
    }
}
