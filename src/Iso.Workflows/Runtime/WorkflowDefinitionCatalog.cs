using System.Collections.Concurrent;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;

namespace Iso.Workflows.Runtime;

/// <summary>
/// Parses and indexes each stored definition version once. Stored versions never change once published, so that
/// cache is keyed by the stored id and never invalidated. It also remembers, for a short time, which version an
/// agency's cases start on (the agency's own published procedure, else the template), so that starting a case does not
/// ask the store each time: publishing through <see cref="Definitions.WorkflowDefinitionService"/> forgets the key at
/// once on this node; a version published on another node is seen here within
/// <see cref="WorkflowOptions.PublishedDefinitionCacheDuration"/>.
/// </summary>
public sealed class WorkflowDefinitionCatalog
{
    private readonly ConcurrentDictionary<Guid, CompiledDefinition> _compiled = new();
    private readonly ConcurrentDictionary<(Guid AgencyId, string Key), (StoredDefinition Stored, DateTimeOffset Until)> _published = new();

    private readonly ConcurrentDictionary<Guid, (IReadOnlyDictionary<string, string> Names, DateTimeOffset Until)> _names = new();

    /// <summary>Forgets which version of <paramref name="key"/> is published, for every agency (and the procedure names
    /// remembered for each agency, which a publication or a retirement may change).</summary>
    public void ForgetPublished(string key)
    {
        _names.Clear();
        foreach (var entry in _published.Keys)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                _published.TryRemove(entry, out _);
            }
        }
    }

    internal bool TryGetPublished(Guid agencyId, string key, DateTimeOffset now, out StoredDefinition stored)
    {
        if (_published.TryGetValue((agencyId, key), out var entry) && now < entry.Until)
        {
            stored = entry.Stored;
            return true;
        }

        stored = null!;
        return false;
    }

    /// <summary>The names of the procedures published for an agency (key → name) as remembered until a moment: the inbox
    /// names each task's procedure on every read, and these change only when a procedure is published or retired
    /// (<see cref="ForgetPublished"/> forgets them at once on this node).</summary>
    public bool TryGetProcedureNames(Guid agencyId, DateTimeOffset now, out IReadOnlyDictionary<string, string> names)
    {
        if (_names.TryGetValue(agencyId, out var entry) && now < entry.Until)
        {
            names = entry.Names;
            return true;
        }

        names = null!;
        return false;
    }

    /// <summary>Remembers an agency's procedure names (read whole from the store) until <paramref name="until"/>.</summary>
    public void RememberProcedureNames(Guid agencyId, IReadOnlyDictionary<string, string> names, DateTimeOffset until) =>
        _names[agencyId] = (names, until);

    internal void RememberPublished(Guid agencyId, string key, StoredDefinition stored, DateTimeOffset until) =>
        _published[(agencyId, key)] = (stored, until);

    internal CompiledDefinition Get(StoredDefinition stored)
    {
        if (_compiled.TryGetValue(stored.Id, out var compiled))
        {
            return compiled;
        }

        var definition = WorkflowDefinitionLoader.LoadValid(stored.Json, $"{stored.Key} v{stored.Version}");
        return _compiled.GetOrAdd(stored.Id, new CompiledDefinition(stored, definition));
    }

    /// <summary>The parsed definition of a stored version (parsed once, shared), for screens that show a step.</summary>
    public WorkflowDefinition GetDefinition(StoredDefinition stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return Get(stored).Definition;
    }

    /// <summary>The parsed definition of a stored version this node has already parsed: no read of the store (its JSON is
    /// large) on the hot paths that only need a step (completing a task, the task page).</summary>
    public bool TryGetDefinition(Guid storedId, out WorkflowDefinition definition)
    {
        if (_compiled.TryGetValue(storedId, out var compiled))
        {
            definition = compiled.Definition;
            return true;
        }

        definition = null!;
        return false;
    }

    internal bool TryGet(Guid storedId, out CompiledDefinition compiled) => _compiled.TryGetValue(storedId, out compiled!);
}
