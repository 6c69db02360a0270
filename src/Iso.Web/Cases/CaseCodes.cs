using System.Globalization;
using System.Text.RegularExpressions;
using Iso.Data;
using Iso.Data.Cases;
using Iso.Workflows.Calendar;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>Case codes in the national format (mã hồ sơ, Circular 01/2018/TT-VPCP Art. 19): the receiving agency's
/// electronic unit code, the receipt date <c>YYMMDD</c> and the day's sequence <c>NNNN</c>, e.g.
/// <c>000.00.19.H18-260821-0007</c>. Numbers are allocated per agency and receipt day by <see cref="CaseCodeAllocator"/>.</summary>
public sealed partial class CaseCodes(IDbContextFactory<IsoDbContext> contexts, CaseCodeAllocator allocator, WorkingCalendar calendar)
{
    /// <summary>The next code of the agency for a file received at <paramref name="receivedAt"/> (its local day).</summary>
    public async Task<string> AllocateAsync(Guid agencyId, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        string unitCode;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId)
                .Select(a => new { a.ElectronicCode, a.Code }).SingleAsync(cancellationToken);
            unitCode = agency.ElectronicCode ?? agency.Code;
        }

        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(receivedAt, calendar.TimeZone).DateTime);
        var number = await allocator.NextAsync(agencyId, day, cancellationToken);
        return Format(unitCode, day, number);
    }

    public static string Format(string unitCode, DateOnly day, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{unitCode}-{day:yyMMdd}-{number:0000}");

    /// <summary>Whether the text has the shape of a case code (it may still name no case).</summary>
    public static bool IsWellFormed(string? text) => text is not null && text.Length <= 50 && CodePattern().IsMatch(text);

    /// <summary>The case a GUID or a case code names, or null. Agency scoping is the caller's job.</summary>
    public async Task<Guid?> ResolveAsync(string? idOrCode, CancellationToken cancellationToken = default)
    {
        if (Guid.TryParse(idOrCode, out var id))
        {
            return id;
        }

        if (!IsWellFormed(idOrCode))
        {
            return null;
        }

        var code = idOrCode!.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowCaseRecord>().AsNoTracking().Where(c => c.Code == code).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken);
    }

    [GeneratedRegex(@"^\s*[A-Za-z0-9.]{1,30}-\d{6}-\d{4,9}\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
