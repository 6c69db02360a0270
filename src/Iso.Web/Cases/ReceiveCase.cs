using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Iso.Data;
using Iso.Data.Cases;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Cases;

/// <summary>The applicant (người nộp hồ sơ): name, identity number (CCCD, 12 digits, or an old 9-digit CMND), phone, address.</summary>
public sealed record ApplicantInput(string? Name, string? IdNumber, string? Phone, string? Address);

/// <summary>A scanned file of one received document; <see cref="Content"/> is base64 in JSON.</summary>
public sealed record ReceivedFileInput(string? DocumentName, string? FileName, byte[]? Content);

/// <summary>A TTHC file handed in at the one-stop desk: the procedure, the applicant, the documents received (by the
/// names the procedure lists), their scans, and the received moment (now when not given; the 15:00 intake rule applies).</summary>
public sealed record ReceiveCaseRequest(
    string? DefinitionKey,
    ApplicantInput? Applicant,
    IReadOnlyList<string>? Documents,
    IReadOnlyList<ReceivedFileInput>? Files = null,
    DateTimeOffset? ReceivedAt = null);

/// <summary>The received case: its code and appointment (what the receipt prints) and the tasks now open.</summary>
public sealed record ReceivedCaseView(
    Guid CaseId,
    string Code,
    DateTimeOffset ReceivedAt,
    DateTimeOffset CountedFrom,
    DateTimeOffset? AppointmentAt,
    string Status,
    IReadOnlyList<TaskView> OpenTasks);

/// <summary>Receives a TTHC case at the one-stop desk (only its staff: who starts what, ADR 0015). The reception record and
/// the scans are stored first, the case is started on them, and if the start is refused they are removed again, so that
/// nothing is half stored. The desk's own intake step is then completed ("accept"): receiving is that step.</summary>
public sealed partial class ReceiveCase(
    IAuthorizationService authorization,
    CaseProcedures procedures,
    CaseCodes codes,
    IWorkflowRuntime runtime,
    IWorkflowStore store,
    IDbContextFactory<IsoDbContext> contexts,
    IOptions<ReceptionOptions> options,
    TimeProvider clock,
    ILogger<ReceiveCase> logger)
{
    public const string IntakeOutcome = "accept";

    public async Task<Result<ReceivedCaseView>> HandleAsync(Caller caller, ReceiveCaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.HandleCases))
        {
            return Problem.Forbidden("Problem_ReceptionOnly");
        }

        var validation = new Validation().Required("definitionKey", request.DefinitionKey, TextLimits.Code);
        var procedure = validation.IsValid ? await procedures.FindAsync(caller.AgencyId, request.DefinitionKey!.Trim(), cancellationToken) : null;
        if (validation.IsValid && (procedure is null || !procedure.IsTthc))
        {
            validation.Add("definitionKey", "Validation_UnknownTthcProcedure", request.DefinitionKey);
        }

        if (procedure is not null && procedures.RefuseStarter(caller, procedure) is { } wrongStarter)
        {
            return wrongStarter;
        }

        ValidateApplicant(validation, request.Applicant);
        var documents = ValidateDocuments(validation, request.Documents, procedure?.Definition);
        var files = ValidateFiles(validation, request.Files, procedure?.Definition);
        await StartCase.ValidateReceivedAtAsync(validation, request.ReceivedAt, caller.AgencyId, contexts, clock, cancellationToken);
        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        var received = request.ReceivedAt ?? clock.GetUtcNow();
        var code = await codes.AllocateAsync(caller.AgencyId, received, cancellationToken);
        var caseId = Guid.CreateVersion7(clock.GetUtcNow());
        var applicant = request.Applicant!;
        await StoreReceptionAsync(caller, caseId, applicant, documents, files, cancellationToken);

        CommandResult started;
        try
        {
            started = await runtime.StartCaseAsync(
                new StartCaseCommand(
                    caller.AgencyId,
                    procedure!.Definition.Key,
                    InitiatorId: caller.UserId,
                    Variables: InitialVariables(procedure.Definition, code, applicant),
                    ReceivedAt: request.ReceivedAt is null ? null : received,
                    CaseId: caseId,
                    Code: code),
                cancellationToken);
        }
        catch (Exception ex)
        {
            await RemoveReceptionAsync(caseId);
            if (WorkflowProblems.IsEngineError(ex))
            {
                return WorkflowProblems.From(ex);
            }

            throw;
        }

        var open = await CompleteIntakeAsync(caller, procedure, started, code, applicant, cancellationToken);
        var workflowCase = await store.FindCaseAsync(caseId, cancellationToken)
            ?? throw new InvalidOperationException($"Case {caseId} was started but cannot be read back.");
        return new ReceivedCaseView(
            caseId, code, workflowCase.ReceivedAt, workflowCase.CountedFrom, workflowCase.DueAt, open.Status.ToString(),
            [.. open.OpenTasks.Select(t => t.ToView(runtime))]);
    }

    /// <summary>Completes the desk's own first step with "accept" when the procedure has one (receiving is that step).
    /// If the engine refuses, the case simply waits at that step in the desk's inbox.</summary>
    private async Task<CommandResult> CompleteIntakeAsync(
        Caller caller, CaseProcedure procedure, CommandResult started, string code, ApplicantInput applicant, CancellationToken cancellationToken)
    {
        var intake = started.OpenTasks.FirstOrDefault(t => string.Equals(t.CandidateUnitCode, procedures.ReceptionUnitCode, StringComparison.Ordinal));
        if (intake is null
            || procedure.Definition.Nodes.OfType<UserTaskNode>().FirstOrDefault(n => n.Id == intake.NodeId) is not { } node
            || !node.Outcomes.Any(o => o.Name == IntakeOutcome))
        {
            return started;
        }

        var known = KnownValues(code, applicant);
        if (node.Form.Any(f => f.Required && !known.ContainsKey(f.Name)))
        {
            return started;
        }

        var form = node.Form.Where(f => known.ContainsKey(f.Name)).ToDictionary(f => f.Name, f => (string?)known[f.Name], StringComparer.Ordinal);
        try
        {
            return await runtime.CompleteTaskAsync(new CompleteTaskCommand(intake.Id, caller.ToWorkflowActor(), IntakeOutcome, null, form), cancellationToken);
        }
        catch (Exception ex) when (WorkflowProblems.IsEngineError(ex))
        {
            logger.LogWarning(ex, "Case {Code} was received but its intake step stays open", code);
            return started;
        }
    }

    private static Dictionary<string, string> KnownValues(string code, ApplicantInput applicant) => new(StringComparer.Ordinal)
    {
        ["receiptNo"] = code,
        ["applicantName"] = applicant.Name!.Trim(),
    };

    private static Dictionary<string, object?> InitialVariables(WorkflowDefinition definition, string code, ApplicantInput applicant)
    {
        var known = KnownValues(code, applicant);
        return definition.Variables.Where(v => v.Type == VariableType.String && known.ContainsKey(v.Name))
            .ToDictionary(v => v.Name, v => (object?)JsonSerializer.SerializeToElement(known[v.Name]), StringComparer.Ordinal);
    }

    private async Task StoreReceptionAsync(
        Caller caller, Guid caseId, ApplicantInput applicant, IReadOnlyList<RequiredDocument> documents, IReadOnlyList<CheckedFile> files,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.CaseReceptions.Add(new CaseReception
        {
            CaseId = caseId,
            AgencyId = caller.AgencyId,
            ApplicantName = applicant.Name!.Trim(),
            ApplicantIdNumber = Digits(applicant.IdNumber),
            ApplicantPhone = NormalisedPhone(applicant.Phone),
            ApplicantAddress = applicant.Address!.Trim(),
            DocumentsJson = ReceivedDocumentView.ToJson(documents.Select(d => new ReceivedDocumentView(d.Name, d.Copies))),
            FormVersion = options.Value.ReceiptFormVersion,
            ReceivedById = caller.UserId,
        });
        foreach (var file in files)
        {
            db.CaseFiles.Add(new CaseFile
            {
                Id = Guid.CreateVersion7(now),
                CaseId = caseId,
                AgencyId = caller.AgencyId,
                DocumentName = file.DocumentName,
                FileName = file.FileName,
                ContentType = file.ContentType,
                Length = file.Content.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content)),
                Content = file.Content,
                StoredAt = now,
                StoredById = caller.UserId,
            });
        }

        // One SaveChanges: the reception row and every scan together, or none of them.
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task RemoveReceptionAsync(Guid caseId)
    {
        // Not cancellable: a start that was refused or cancelled must not leave its reception behind.
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await db.CaseFiles.Where(f => f.CaseId == caseId).ExecuteDeleteAsync(CancellationToken.None);
        await db.CaseReceptions.Where(r => r.CaseId == caseId).ExecuteDeleteAsync(CancellationToken.None);
    }

    private static void ValidateApplicant(Validation validation, ApplicantInput? applicant)
    {
        validation
            .Required("applicant.name", applicant?.Name, ReceptionLimits.ApplicantName)
            .Text("applicant.name", applicant?.Name, ReceptionLimits.ApplicantName)
            .Required("applicant.address", applicant?.Address, ReceptionLimits.ApplicantAddress)
            .Text("applicant.address", applicant?.Address, ReceptionLimits.ApplicantAddress);
        if (Validation.IsBlank(applicant?.IdNumber))
        {
            validation.Add("applicant.idNumber", "Validation_Required");
        }
        else if (!IdNumberPattern().IsMatch(applicant!.IdNumber!))
        {
            validation.Add("applicant.idNumber", "Validation_IdNumber");
        }

        if (Validation.IsBlank(applicant?.Phone))
        {
            validation.Add("applicant.phone", "Validation_Required");
        }
        else if (applicant!.Phone!.Length > 20 || !PhonePattern().IsMatch(NormalisedPhone(applicant.Phone)))
        {
            validation.Add("applicant.phone", "Validation_Phone");
        }
    }

    private static List<RequiredDocument> ValidateDocuments(Validation validation, IReadOnlyList<string>? names, WorkflowDefinition? definition)
    {
        var received = new List<RequiredDocument>();
        validation.MaxCount("documents", names?.Count ?? 0, ReceptionLimits.Documents);
        if (definition is null || (names?.Count ?? 0) > ReceptionLimits.Documents)
        {
            return received;
        }

        foreach (var name in names ?? [])
        {
            if (definition.RequiredDocuments.FirstOrDefault(d => string.Equals(d.Name, name?.Trim(), StringComparison.Ordinal)) is { } document)
            {
                if (!received.Contains(document))
                {
                    received.Add(document);
                }
            }
            else
            {
                validation.Add("documents", "Validation_UnknownDocument", name is { Length: > 100 } ? name[..100] + "…" : name);
            }
        }

        foreach (var missing in definition.RequiredDocuments.Where(d => !d.Optional && !received.Contains(d)))
        {
            validation.Add("documents", "Validation_DocumentMissing", missing.Name);
        }

        return received;
    }

    private sealed record CheckedFile(string? DocumentName, string FileName, string ContentType, byte[] Content);

    private List<CheckedFile> ValidateFiles(Validation validation, IReadOnlyList<ReceivedFileInput>? files, WorkflowDefinition? definition)
    {
        var checkedFiles = new List<CheckedFile>();
        validation.MaxCount("files", files?.Count ?? 0, ReceptionLimits.Files);
        if ((files?.Count ?? 0) > ReceptionLimits.Files)
        {
            return checkedFiles;
        }

        var maxBytes = options.Value.MaxFileBytes;
        for (var i = 0; i < (files?.Count ?? 0); i++)
        {
            var file = files![i];
            var field = $"files[{i}]";
            var before = validation.IsValid;
            var fileName = Path.GetFileName(file?.FileName?.Trim() ?? string.Empty);
            validation.Required($"{field}.fileName", fileName, ReceptionLimits.FileName).Text($"{field}.fileName", fileName, ReceptionLimits.FileName);
            if (file?.DocumentName is { } documentName && definition is not null
                && !definition.RequiredDocuments.Any(d => string.Equals(d.Name, documentName.Trim(), StringComparison.Ordinal)))
            {
                validation.Add($"{field}.documentName", "Validation_UnknownDocument", documentName.Length > 100 ? documentName[..100] + "…" : documentName);
            }

            string? type = null;
            if (file?.Content is not { Length: > 0 } content)
            {
                validation.Add($"{field}.content", "Validation_FileEmpty");
            }
            else if (content.LongLength > maxBytes)
            {
                validation.Add($"{field}.content", "Validation_FileTooLarge", FileTypes.Megabytes(maxBytes), FileTypes.Megabytes(content.LongLength));
            }
            else if ((type = FileTypes.Detect(content)) is null)
            {
                validation.Add($"{field}.content", "Validation_FileType", string.Join(", ", FileTypes.AllowedNames));
            }

            if (validation.IsValid && before)
            {
                checkedFiles.Add(new CheckedFile(file!.DocumentName?.Trim(), fileName, type!, file.Content!));
            }
        }

        return checkedFiles;
    }

    private static string Digits(string? text) => new([.. (text ?? string.Empty).Where(char.IsAsciiDigit)]);

    /// <summary>A phone number as typed without spaces, dots and dashes; +84 stays as typed.</summary>
    internal static string NormalisedPhone(string? phone) =>
        new([.. (phone ?? string.Empty).Trim().Where(c => c is not (' ' or '.' or '-' or '(' or ')'))]);

    [GeneratedRegex(@"^\s*(\d{9}|\d{12})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"^(0\d{9,10}|\+84\d{9,10})$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
