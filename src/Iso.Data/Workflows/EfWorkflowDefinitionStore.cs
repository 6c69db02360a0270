using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Workflows;

/// <summary>Stored definition versions (templates and each agency's procedures) on EF Core.</summary>
public sealed class EfWorkflowDefinitionStore(IDbContextFactory<IsoDbContext> contextFactory) : IWorkflowDefinitionStore
{
    public async Task<StoredDefinition?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<StoredDefinition>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
    }

    public async Task<StoredDefinition?> FindAsync(Guid? ownerAgencyId, string key, int version, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Owned(db, ownerAgencyId).FirstOrDefaultAsync(d => d.Key == key && d.Version == version, cancellationToken);
    }

    public async Task<StoredDefinition?> FindPublishedAsync(Guid? ownerAgencyId, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Owned(db, ownerAgencyId)
            .Where(d => d.Key == key && d.Status == DefinitionStatus.Published)
            .OrderByDescending(d => d.Version)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredDefinition>> ListAsync(Guid? ownerAgencyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Owned(db, ownerAgencyId).OrderBy(d => d.Key).ThenBy(d => d.Version).ToListAsync(cancellationToken);
    }

    public async Task<bool> HasPublishedEverAsync(Guid ownerAgencyId, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Owned(db, ownerAgencyId)
            .AnyAsync(d => d.Key == key && (d.Status == DefinitionStatus.Published || d.Status == DefinitionStatus.Retired), cancellationToken);
    }

    public async Task<int> GetLatestVersionNumberAsync(Guid? ownerAgencyId, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Owned(db, ownerAgencyId).Where(d => d.Key == key).MaxAsync(d => (int?)d.Version, cancellationToken) ?? 0;
    }

    public async Task SaveAsync(IReadOnlyList<StoredDefinition> definitions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ids = definitions.Select(d => d.Id).ToArray();
        var existing = await db.Set<StoredDefinition>().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        foreach (var definition in definitions)
        {
            if (existing.TryGetValue(definition.Id, out var stored))
            {
                db.Entry(stored).CurrentValues.SetValues(definition);
            }
            else
            {
                db.Add(definition.Clone());
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw new WorkflowConcurrencyException("A definition with the same owner, key and version already exists.", e);
        }
    }

    private static IQueryable<StoredDefinition> Owned(IsoDbContext db, Guid? ownerAgencyId) =>
        ownerAgencyId is { } owner
            ? db.Set<StoredDefinition>().AsNoTracking().Where(d => d.OwnerAgencyId == owner)
            : db.Set<StoredDefinition>().AsNoTracking().Where(d => d.OwnerAgencyId == null);
}
