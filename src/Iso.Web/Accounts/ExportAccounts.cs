using Iso.Web.Application;
using Microsoft.AspNetCore.Authorization;

namespace Iso.Web.Accounts;

/// <summary>A file to download: its bytes, content type and name.</summary>
public sealed record ExportedFile(byte[] Content, string ContentType, string FileName);

/// <summary>The filtered account list as CSV or Excel, every matching account (no paging), in the import file's columns
/// plus state. Never any password data.</summary>
public sealed class ExportAccounts(ListAccounts list, IAuthorizationService authorization, TimeProvider clock)
{
    public async Task<Result<ExportedFile>> HandleAsync(Caller caller, ListAccountsRequest request, AccountFileFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authority = await AccountAuthority.OfAsync(authorization, caller);
        if (authority.Problem is { } refused)
        {
            return refused;
        }

        if (ListAccounts.Check(new Validation(), request) is { } invalid)
        {
            return invalid;
        }

        var rows = await list.QueryAsync(authority.Value, request, withRoles: true, cancellationToken);
        var stamp = clock.GetLocalNow().ToString("yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture);
        return format == AccountFileFormat.Xlsx
            ? new ExportedFile(AccountFiles.Write(rows.Select(r => r.Item), format), AccountFiles.XlsxContentType, $"tai-khoan-{stamp}.xlsx")
            : new ExportedFile(AccountFiles.Write(rows.Select(r => r.Item), format), AccountFiles.CsvContentType, $"tai-khoan-{stamp}.csv");
    }
}
