using System.Text.Json;
using Iso.Data;
using Iso.Web.Application;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

public sealed record ReceivedDocumentView(string Name, int Copies)
{
    /// <summary>The form <c>CaseReception.DocumentsJson</c> stores: a JSON array of <c>{ name, copies }</c>, written
    /// by reception and by the demo generator alike.</summary>
    public static string ToJson(IEnumerable<ReceivedDocumentView> documents) => JsonSerializer.Serialize(documents, JsonSerializerOptions.Web);

    public static List<ReceivedDocumentView> FromJson(string json) => JsonSerializer.Deserialize<List<ReceivedDocumentView>>(json, JsonSerializerOptions.Web) ?? [];
}

/// <summary>What form 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) prints, in the form version it was first printed with.</summary>
public sealed record ReceiptView(
    Guid CaseId,
    string Code,
    string FormVersion,
    string AgencyName,
    string? ParentAgencyName,
    string ProcedureName,
    string ApplicantName,
    string ApplicantIdNumber,
    string ApplicantPhone,
    string ApplicantAddress,
    IReadOnlyList<ReceivedDocumentView> Documents,
    int ScannedFiles,
    DateTimeOffset ReceivedAt,
    DateTimeOffset CountedFrom,
    decimal? TimeLimitWorkingHours,
    DateTimeOffset? AppointmentAt,
    string ReceivedByName,
    string? ReceivedByPosition);

/// <summary>The receipt of a case received at the one-stop desk (by its code or id): own agency, or any for cross-agency readers.</summary>
public sealed class GetReceipt(IWorkflowStore store, CaseCodes codes, CaseProcedures procedures, IDbContextFactory<IsoDbContext> contexts)
{
    public async Task<Result<ReceiptView>> HandleAsync(Caller caller, string idOrCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var id = await codes.ResolveAsync(idOrCode, cancellationToken);
        var workflowCase = id is null ? null : await store.FindCaseAsync(id.Value, cancellationToken);
        if (workflowCase is null || !caller.MayRead(workflowCase.AgencyId))
        {
            return Problem.NotFound("Problem_CaseCodeNotFound", idOrCode);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reception = await db.CaseReceptions.AsNoTracking().SingleOrDefaultAsync(r => r.CaseId == workflowCase.Id, cancellationToken);
        if (reception is null)
        {
            return Problem.NotFound("Problem_NoReceipt", workflowCase.Code ?? idOrCode);
        }

        var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == workflowCase.AgencyId)
            .Select(a => new { a.Name, Parent = a.Parent == null ? null : a.Parent.Name }).SingleAsync(cancellationToken);
        var clerk = await db.Users.AsNoTracking().Where(u => u.Id == reception.ReceivedById)
            .Select(u => new { u.FullName, u.Position }).SingleOrDefaultAsync(cancellationToken);
        var files = await db.CaseFiles.CountAsync(f => f.CaseId == workflowCase.Id, cancellationToken);
        var procedure = await procedures.OfCaseAsync(workflowCase, cancellationToken);
        var documents = ReceivedDocumentView.FromJson(reception.DocumentsJson);
        return new ReceiptView(
            workflowCase.Id,
            workflowCase.Code ?? workflowCase.Id.ToString(),
            reception.FormVersion,
            agency.Name,
            agency.Parent,
            procedure?.Definition.Name ?? workflowCase.DefinitionKey,
            reception.ApplicantName,
            reception.ApplicantIdNumber,
            reception.ApplicantPhone,
            reception.ApplicantAddress,
            documents,
            files,
            workflowCase.ReceivedAt,
            workflowCase.CountedFrom,
            procedure?.Definition.TimeLimit?.ToWorkingDuration()?.Hours,
            workflowCase.DueAt,
            clerk?.FullName ?? string.Empty,
            clerk?.Position);
    }
}
