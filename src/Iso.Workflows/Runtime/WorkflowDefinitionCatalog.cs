using System.Collections.Concurrent;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;

namespace Iso.Workflows.Runtime;

/// <summary>Parses and indexes each stored definition version once. Stored versions never change once published,
/// so the cache is keyed by the stored id and never invalidated.</summary>
public sealed class WorkflowDefinitionCatalog
{
    private readonly ConcurrentDictionary<Guid, CompiledDefinition> _compiled = new();

    internal CompiledDefinition Get(StoredDefinition stored)
    {
        if (_compiled.TryGetValue(stored.Id, out var compiled))
        {
            return compiled;
        }

        var definition = WorkflowDefinitionLoader.LoadValid(stored.Json, $"{stored.Key} v{stored.Version}");
        return _compiled.GetOrAdd(stored.Id, new CompiledDefinition(stored, definition));
    }

    internal bool TryGet(Guid storedId, out CompiledDefinition compiled) => _compiled.TryGetValue(storedId, out compiled!);
}
