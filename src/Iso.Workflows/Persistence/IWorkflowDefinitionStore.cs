namespace Iso.Workflows.Persistence;

/// <summary>Stored definition versions (templates and each agency's own procedures).</summary>
public interface IWorkflowDefinitionStore
{
    Task<StoredDefinition?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The version of (<paramref name="ownerAgencyId"/>, <paramref name="key"/>, <paramref name="version"/>); owner null = template.</summary>
    Task<StoredDefinition?> FindAsync(Guid? ownerAgencyId, string key, int version, CancellationToken cancellationToken = default);

    /// <summary>The published version of an owner's key, or null.</summary>
    Task<StoredDefinition?> FindPublishedAsync(Guid? ownerAgencyId, string key, CancellationToken cancellationToken = default);

    /// <summary>Every version of an owner's definitions (all keys), ordered by key then version.</summary>
    Task<IReadOnlyList<StoredDefinition>> ListAsync(Guid? ownerAgencyId, CancellationToken cancellationToken = default);

    /// <summary>Whether an owner has ever published <paramref name="key"/> (a published or retired version exists).
    /// An agency that retired its procedure has stopped it: its cases no longer fall back to the template.</summary>
    Task<bool> HasPublishedEverAsync(Guid ownerAgencyId, string key, CancellationToken cancellationToken = default);

    /// <summary>Highest version number of an owner's key, or 0 when none exists.</summary>
    Task<int> GetLatestVersionNumberAsync(Guid? ownerAgencyId, string key, CancellationToken cancellationToken = default);

    /// <summary>Inserts new rows and updates existing ones (by Id) in one transaction.
    /// Throws <see cref="WorkflowConcurrencyException"/> when (owner, key, version) already exists for another id.</summary>
    Task SaveAsync(IReadOnlyList<StoredDefinition> definitions, CancellationToken cancellationToken = default);
}
