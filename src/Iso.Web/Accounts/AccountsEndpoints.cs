using Iso.Web.Application;
using Iso.Web.Organisation;

namespace Iso.Web.Accounts;

/// <summary><c>/api/v1/admin/accounts</c>: one-line doors onto the account use cases (system administrators for every
/// agency, agency administrators for their own).</summary>
internal static class AccountsEndpoints
{
    public static RouteGroupBuilder MapAccountsEndpoints(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/admin/accounts").WithTags("Administration");
        accounts.MapGet("", ListAsync)
            .WithSummary("List accounts: filters agency, unit (codes), role, active, q (text); page (from 1), pageSize (at most 200).");
        accounts.MapGet("/choices", ChoicesAsync)
            .WithSummary("The agencies (with their units) the caller manages accounts of, and the roles they may grant.");
        accounts.MapPost("", CreateAsync)
            .WithSummary("Create an account; the answer carries its one-time password, shown once, to be changed at the first sign-in.");
        accounts.MapPut("/{userName}", UpdateAsync)
            .WithSummary("Change full name, position, e-mail, unit and roles; agencyCode moves the account (system administrators only).");
        accounts.MapPost("/{userName}/deactivate", DeactivateAsync).WithSummary("Deactivate an account: it can no longer sign in and its sessions end.");
        accounts.MapPost("/{userName}/reactivate", ReactivateAsync).WithSummary("Reactivate an account.");
        accounts.MapPost("/{userName}/reset-password", ResetPasswordAsync)
            .WithSummary("Give the account a new one-time password (returned once), to be changed at the next sign-in; its sessions end.");
        accounts.MapGet("/{userName}/history", HistoryAsync).WithSummary("Who changed the account and when, newest first.");
        accounts.MapPost("/import", ImportAsync)
            // Bearer clients send no antiforgery token; the sign-in cookie is SameSite=Lax, so another site cannot post here with it.
            .DisableAntiforgery()
            .WithSummary("Create accounts from a CSV or .xlsx file (multipart field 'file'): all or none; a report per wrong line; one-time passwords returned once.");
        accounts.MapGet("/export", ExportAsync)
            .WithSummary("The filtered list as a file: format=csv (default) or xlsx. Never any password data.");
        return api;
    }

    private static ListAccountsRequest Filter(string? agency, string? unit, string? role, bool? active, string? q, int? page, int? pageSize) =>
        new(agency, unit, role, active, q, page ?? 1, pageSize ?? 50);

    private static async Task<IResult> ListAsync(
        Caller caller, ListAccounts list, string? agency, string? unit, string? role, bool? active, string? q, int? page, int? pageSize, CancellationToken cancellationToken) =>
        (await list.HandleAsync(caller, Filter(agency, unit, role, active, q, page, pageSize), cancellationToken)).ToHttpResult();

    private static async Task<IResult> ChoicesAsync(Caller caller, ListAccounts list, CancellationToken cancellationToken) =>
        (await list.GetChoicesAsync(caller, cancellationToken)).ToHttpResult();

    private static async Task<IResult> CreateAsync(Caller caller, CreateAccount create, AccountInput request, CancellationToken cancellationToken) =>
        (await create.HandleAsync(caller, request, cancellationToken))
            .ToHttpResult(created => TypedResults.Created($"/api/v1/admin/accounts/{Uri.EscapeDataString(created.UserName)}", created));

    private static async Task<IResult> UpdateAsync(Caller caller, UpdateAccount update, string userName, AccountUpdate request, CancellationToken cancellationToken) =>
        (await update.HandleAsync(caller, userName, request, cancellationToken)).ToHttpResult();

    private static async Task<IResult> DeactivateAsync(Caller caller, AccountAdministration administration, string userName, CancellationToken cancellationToken) =>
        (await administration.SetActiveAsync(caller, userName, active: false, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ReactivateAsync(Caller caller, AccountAdministration administration, string userName, CancellationToken cancellationToken) =>
        (await administration.SetActiveAsync(caller, userName, active: true, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ResetPasswordAsync(Caller caller, ResetAccountPassword reset, string userName, CancellationToken cancellationToken) =>
        (await reset.HandleAsync(caller, userName, cancellationToken)).ToHttpResult();

    private static async Task<IResult> HistoryAsync(Caller caller, GetAccountHistory history, string userName, CancellationToken cancellationToken) =>
        (await history.HandleAsync(caller, userName, cancellationToken)).ToHttpResult();

    private static async Task<IResult> ImportAsync(Caller caller, ImportAccounts import, IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return (await import.HandleAsync(caller, new ImportAccountsRequest([], file?.FileName), cancellationToken)).ToHttpResult();
        }

        var content = new byte[Math.Min(file.Length, ImportAccounts.MaxFileBytes + 1)];
        await using var stream = file.OpenReadStream();
        await stream.ReadAtLeastAsync(content, content.Length, throwOnEndOfStream: false, cancellationToken);
        return (await import.HandleAsync(caller, new ImportAccountsRequest(content, file.FileName), cancellationToken)).ToHttpResult();
    }

    private static async Task<IResult> ExportAsync(
        Caller caller, ExportAccounts export, string? format, string? agency, string? unit, string? role, bool? active, string? q, CancellationToken cancellationToken)
    {
        var fileFormat = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase) ? AccountFileFormat.Xlsx : AccountFileFormat.Csv;
        return (await export.HandleAsync(caller, Filter(agency, unit, role, active, q, null, null), fileFormat, cancellationToken))
            .ToHttpResult(file => TypedResults.File(file.Content, file.ContentType, file.FileName));
    }
}
