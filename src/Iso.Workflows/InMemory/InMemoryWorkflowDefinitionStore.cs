using Iso.Workflows.Persistence;

namespace Iso.Workflows.InMemory;

/// <summary>A thread-safe in-memory <see cref="IWorkflowDefinitionStore"/>.</summary>
public sealed class InMemoryWorkflowDefinitionStore : IWorkflowDefinitionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, StoredDefinition> _byId = [];

    public Task<StoredDefinition?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_byId.TryGetValue(id, out var d) ? d.Clone() : null);
        }
    }

    public Task<StoredDefinition?> FindAsync(Guid? ownerAgencyId, string key, int version, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(d => d.OwnerAgencyId == ownerAgencyId && d.Key == key && d.Version == version));

    public Task<StoredDefinition?> FindPublishedAsync(Guid? ownerAgencyId, string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(d => d.OwnerAgencyId == ownerAgencyId && d.Key == key && d.Status == DefinitionStatus.Published));

    public Task<IReadOnlyList<StoredDefinition>> ListAsync(Guid? ownerAgencyId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<StoredDefinition>>(_byId.Values
                .Where(d => d.OwnerAgencyId == ownerAgencyId)
                .OrderBy(d => d.Key, StringComparer.Ordinal).ThenBy(d => d.Version)
                .Select(d => d.Clone())
                .ToList());
        }
    }

    public Task<bool> HasPublishedEverAsync(Guid ownerAgencyId, string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_byId.Values.Any(d => d.OwnerAgencyId == ownerAgencyId && d.Key == key
                && d.Status is DefinitionStatus.Published or DefinitionStatus.Retired));
        }
    }

    public Task<int> GetLatestVersionNumberAsync(Guid? ownerAgencyId, string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var max = 0;
            foreach (var d in _byId.Values)
            {
                if (d.OwnerAgencyId == ownerAgencyId && d.Key == key && d.Version > max)
                {
                    max = d.Version;
                }
            }

            return Task.FromResult(max);
        }
    }

    public Task SaveAsync(IReadOnlyList<StoredDefinition> definitions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        lock (_gate)
        {
            foreach (var d in definitions)
            {
                foreach (var other in _byId.Values)
                {
                    if (other.Id != d.Id && other.OwnerAgencyId == d.OwnerAgencyId && other.Key == d.Key && other.Version == d.Version)
                    {
                        throw new WorkflowConcurrencyException($"Definition '{d.Key}' version {d.Version} already exists for this owner.");
                    }
                }
            }

            foreach (var d in definitions)
            {
                _byId[d.Id] = d.Clone();
            }
        }

        return Task.CompletedTask;
    }

    private StoredDefinition? Find(Func<StoredDefinition, bool> match)
    {
        lock (_gate)
        {
            StoredDefinition? best = null;
            foreach (var d in _byId.Values)
            {
                if (match(d) && (best is null || d.Version > best.Version))
                {
                    best = d;
                }
            }

            return best?.Clone();
        }
    }
}
