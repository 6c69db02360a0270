using System.Globalization;
using System.Text.Json;
using Iso.Data;
using Iso.Web.Application;
using Iso.Workflows.Calendar;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Procedures;

/// <summary>The agency a procedure request is about.</summary>
internal sealed record AgencyRef(Guid Id, string Code, string Name);

/// <summary>Reads shared by the procedure use cases: which agency, the cheap facts of a definition text, ETags.</summary>
internal static class ProcedureData
{
    /// <summary>The agency named by <paramref name="agencyCode"/> (the caller's own when empty), if the caller may read it;
    /// null otherwise, so another agency's procedures are simply not found.</summary>
    public static async Task<AgencyRef?> AgencyAsync(IsoDbContext db, Caller caller, string? agencyCode, CancellationToken cancellationToken)
    {
        if (!caller.IsSignedIn)
        {
            return null;
        }

        var query = db.Agencies.AsNoTracking();
        var code = agencyCode?.Trim().ToUpperInvariant();
        query = string.IsNullOrEmpty(code)
            ? query.Where(a => a.Id == caller.AgencyId)
            : query.Where(a => a.Code == code);
        var agency = await query.Select(a => new AgencyRef(a.Id, a.Code, a.Name)).SingleOrDefaultAsync(cancellationToken);
        return agency is not null && caller.MayRead(agency.Id) ? agency : null;
    }

    public static IQueryable<StoredDefinition> Versions(IsoDbContext db, Guid agencyId, string key) =>
        db.Set<StoredDefinition>().Where(d => d.OwnerAgencyId == agencyId && d.Key == key);

    public static string StatusName(DefinitionStatus status) => status switch
    {
        DefinitionStatus.Draft => "draft",
        DefinitionStatus.Submitted => "submitted",
        DefinitionStatus.Published => "published",
        DefinitionStatus.Retired => "retired",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string ETag(int revision) => "\"" + revision.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>The revision in an If-Match value (<c>"3"</c>, <c>W/"3"</c> or <c>3</c>); null when absent or unreadable.</summary>
    public static int? RevisionOf(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return null;
        }

        var text = ifMatch.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        return int.TryParse(text.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : -1;
    }

    /// <summary>Category and time limit (in working days) read straight from the text, without validating it.</summary>
    public static (string? Category, decimal? TimeLimitWorkingDays) Facts(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var category = root.TryGetProperty("category", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            decimal? days = null;
            if (root.TryGetProperty("timeLimit", out var limit) && limit.ValueKind == JsonValueKind.Object)
            {
                if (limit.TryGetProperty("workingDays", out var d) && d.TryGetDecimal(out var value))
                {
                    days = value;
                }
                else if (limit.TryGetProperty("workingHours", out var h) && h.TryGetDecimal(out var hours))
                {
                    days = hours / WorkingDuration.HoursPerDay;
                }
            }

            return (category, days);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
