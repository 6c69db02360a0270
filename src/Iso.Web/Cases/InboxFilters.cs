using Iso.Data;
using Iso.Data.Preferences;
using Iso.Web.Application;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>The inbox filters a person named and kept; each person sees and changes only their own. Saving under a
/// name one already uses replaces that filter.</summary>
public sealed class InboxFilters(IDbContextFactory<IsoDbContext> contexts, TimeProvider clock)
{
    public const string Screen = "inbox";
    public const int MaxPerPerson = 20;
    public const int NameLength = 100;
    public const int QueryLength = 2000;

    public async Task<IReadOnlyList<SavedFilterView>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var filters = await db.Set<SavedFilter>().AsNoTracking()
            .Where(f => f.UserId == caller.UserId && f.Screen == Screen)
            .Select(f => new SavedFilterView(f.Id, f.Name, f.Query))
            .ToListAsync(cancellationToken);
        return [.. filters.OrderBy(f => f.Name, StringComparer.CurrentCulture)];
    }

    public async Task<Result<SavedFilterView>> SaveAsync(Caller caller, string? name, string? query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        var validation = new Validation().Required("name", name, NameLength).Text("name", name, NameLength).Text("query", query, QueryLength);
        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        var trimmed = name!.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = db.Set<SavedFilter>().Where(f => f.UserId == caller.UserId && f.Screen == Screen);
        var existing = await mine.FirstOrDefaultAsync(f => f.Name == trimmed, cancellationToken);
        if (existing is null)
        {
            if (await mine.CountAsync(cancellationToken) >= MaxPerPerson)
            {
                return Problem.Invalid("name", "Validation_TooManyFilters", MaxPerPerson);
            }

            existing = new SavedFilter { Id = Guid.CreateVersion7(), UserId = caller.UserId, Screen = Screen, Name = trimmed, Query = string.Empty, CreatedAt = clock.GetUtcNow() };
            db.Add(existing);
        }

        existing.Query = query?.Trim().TrimStart('?') ?? string.Empty;
        await db.SaveChangesAsync(cancellationToken);
        return new SavedFilterView(existing.Id, existing.Name, existing.Query);
    }

    public async Task<Result> DeleteAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Set<SavedFilter>()
            .Where(f => f.Id == id && f.UserId == caller.UserId && f.Screen == Screen)
            .ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Problem.NotFound("Problem_FilterNotFound") : Result.Success;
    }
}
