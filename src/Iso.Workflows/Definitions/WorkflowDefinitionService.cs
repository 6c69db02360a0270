using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Workflows.Definitions;

/// <summary>How an agency adapts a template when adopting it: its unit codes and roles, step durations, time limit.</summary>
public sealed record DefinitionAdaptation(
    IReadOnlyDictionary<string, string>? UnitCodes = null,
    IReadOnlyDictionary<string, string>? Roles = null,
    IReadOnlyDictionary<string, DurationSpec>? StepDurations = null,
    DurationSpec? TimeLimit = null,
    string? Name = null);

/// <summary>
/// Definition versions: draft → published → retired, per owner (null = template from <c>workflows/</c>, or an agency).
/// Publishing a version retires the previously published one; running cases stay on the version they started with.
/// </summary>
public sealed class WorkflowDefinitionService(IWorkflowDefinitionStore store, TimeProvider time, WorkflowDefinitionCatalog catalog)
{
    /// <summary>Imports a template file (owner null) and publishes it. Importing the same key and version with the same
    /// JSON again does nothing, so seeding is repeatable.</summary>
    public async Task<StoredDefinition> ImportTemplateAsync(string json, string file = "<input>", CancellationToken cancellationToken = default)
    {
        var definition = WorkflowDefinitionLoader.LoadValid(json, file);
        var existing = await store.FindAsync(null, definition.Key, definition.Version, cancellationToken);
        if (existing is not null)
        {
            if (existing.Json == json)
            {
                return existing;
            }

            throw new InvalidOperationException(
                $"{file}: template '{definition.Key}' version {definition.Version} is already stored with different content; raise the version.");
        }

        var stored = NewStored(null, definition, json, null, null);
        await PublishAsync(stored, cancellationToken);
        return stored;
    }

    /// <summary>Stores a new draft version of an owner's definition; its version number is the owner's next one.</summary>
    public async Task<StoredDefinition> SaveDraftAsync(Guid? ownerAgencyId, string json, CancellationToken cancellationToken = default)
    {
        var definition = WorkflowDefinitionLoader.LoadValid(json);
        var version = await store.GetLatestVersionNumberAsync(ownerAgencyId, definition.Key, cancellationToken) + 1;
        json = WithVersion(json, version);
        var stored = NewStored(ownerAgencyId, definition with { Version = version }, json, null, null);
        await store.SaveAsync([stored], cancellationToken);
        return stored;
    }

    /// <summary>An agency adopts a published template as its own procedure, adapted (a new draft, or published at once).</summary>
    public async Task<StoredDefinition> AdoptAsync(Guid agencyId, string templateKey, DefinitionAdaptation adaptation, bool publish = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adaptation);
        var template = await store.FindPublishedAsync(null, templateKey, cancellationToken)
            ?? throw new InvalidOperationException($"No published template '{templateKey}'.");
        var version = await store.GetLatestVersionNumberAsync(agencyId, templateKey, cancellationToken) + 1;
        var json = Adapt(template.Json, adaptation, version);
        var definition = WorkflowDefinitionLoader.LoadValid(json, $"{templateKey} adopted by {agencyId}");
        var stored = NewStored(agencyId, definition, json, template.Key, template.Version);
        if (publish)
        {
            await PublishAsync(stored, cancellationToken);
        }
        else
        {
            await store.SaveAsync([stored], cancellationToken);
        }

        return stored;
    }

    /// <summary>After a merge: every procedure <paramref name="fromAgencyId"/> has published whose key
    /// <paramref name="toAgencyId"/> has not published is published for the successor too, the same definition as the
    /// successor's next version (source kept). Repeatable: a key the successor already publishes is left alone.
    /// Returns the successor's new versions.</summary>
    public async Task<IReadOnlyList<StoredDefinition>> CarryOverPublishedAsync(Guid fromAgencyId, Guid toAgencyId, CancellationToken cancellationToken = default)
    {
        var carried = new List<StoredDefinition>();
        foreach (var published in (await store.ListAsync(fromAgencyId, cancellationToken)).Where(d => d.Status == DefinitionStatus.Published))
        {
            if (await store.FindPublishedAsync(toAgencyId, published.Key, cancellationToken) is not null)
            {
                continue;
            }

            var version = await store.GetLatestVersionNumberAsync(toAgencyId, published.Key, cancellationToken) + 1;
            var json = WithVersion(published.Json, version);
            var definition = WorkflowDefinitionLoader.LoadValid(json, $"{published.Key} carried over to {toAgencyId}");
            var stored = NewStored(toAgencyId, definition, json, published.SourceKey ?? published.Key, published.SourceVersion ?? published.Version);
            await PublishAsync(stored, cancellationToken);
            carried.Add(stored);
        }

        return carried;
    }

    /// <summary>Publishes a draft, retiring the owner's previously published version of the same key.</summary>
    public async Task<StoredDefinition> PublishAsync(Guid? ownerAgencyId, string key, int version, CancellationToken cancellationToken = default)
    {
        var stored = await store.FindAsync(ownerAgencyId, key, version, cancellationToken)
            ?? throw new InvalidOperationException($"Definition '{key}' version {version} does not exist.");
        if (stored.Status is not (DefinitionStatus.Draft or DefinitionStatus.Submitted))
        {
            throw new InvalidOperationException($"Definition '{key}' version {version} is {stored.Status}; only a draft can be published.");
        }

        WorkflowDefinitionLoader.LoadValid(stored.Json, $"{key} v{version}");
        await PublishAsync(stored, cancellationToken);
        return stored;
    }

    /// <summary>Stops new cases on a published version (running cases go on).</summary>
    public async Task RetireAsync(Guid? ownerAgencyId, string key, int version, CancellationToken cancellationToken = default)
    {
        var stored = await store.FindAsync(ownerAgencyId, key, version, cancellationToken)
            ?? throw new InvalidOperationException($"Definition '{key}' version {version} does not exist.");
        stored.Status = DefinitionStatus.Retired;
        stored.RetiredAt = time.GetUtcNow();
        await store.SaveAsync([stored], cancellationToken);
        catalog.ForgetPublished(key);
    }

    private async Task PublishAsync(StoredDefinition stored, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changes = new List<StoredDefinition>(2);
        if (await store.FindPublishedAsync(stored.OwnerAgencyId, stored.Key, cancellationToken) is { } previous && previous.Id != stored.Id)
        {
            previous.Status = DefinitionStatus.Retired;
            previous.RetiredAt = now;
            changes.Add(previous);
        }

        stored.Status = DefinitionStatus.Published;
        stored.PublishedAt = now;
        changes.Add(stored);
        await store.SaveAsync(changes, cancellationToken);
        catalog.ForgetPublished(stored.Key);
    }

    private StoredDefinition NewStored(Guid? owner, WorkflowDefinition definition, string json, string? sourceKey, int? sourceVersion) => new()
    {
        Id = Guid.CreateVersion7(time.GetUtcNow()),
        OwnerAgencyId = owner,
        Key = definition.Key,
        Version = definition.Version,
        Name = definition.Name,
        Status = DefinitionStatus.Draft,
        Json = json,
        SourceKey = sourceKey,
        SourceVersion = sourceVersion,
        CreatedAt = time.GetUtcNow(),
    };

    private static string WithVersion(string json, int version)
    {
        var root = JsonNode.Parse(json, documentOptions: WorkflowDefinitionLoader.DocumentOptions)!.AsObject();
        root["version"] = version;
        return root.ToJsonString(WriteOptions);
    }

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Applies an adaptation to the template's JSON, so the agency's procedure remains a normal definition file.</summary>
    public static string Adapt(string templateJson, DefinitionAdaptation adaptation, int version)
    {
        var root = JsonNode.Parse(templateJson, documentOptions: WorkflowDefinitionLoader.DocumentOptions)!.AsObject();
        root["version"] = version;
        if (adaptation.Name is { } name)
        {
            root["name"] = name;
        }

        if (adaptation.TimeLimit is { } limit)
        {
            root["timeLimit"] = DurationNode(limit);
        }

        var usedSteps = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in root["nodes"]!.AsArray())
        {
            if (node is not JsonObject obj || obj["type"]?.GetValue<string>() != "userTask")
            {
                continue;
            }

            var id = obj["id"]!.GetValue<string>();
            if (obj["candidate"] is JsonObject candidate)
            {
                if (candidate["unit"]?.GetValue<string>() is { } unit && adaptation.UnitCodes?.TryGetValue(unit, out var newUnit) == true)
                {
                    candidate["unit"] = newUnit;
                }

                if (candidate["role"]?.GetValue<string>() is { } role && adaptation.Roles?.TryGetValue(role, out var newRole) == true)
                {
                    candidate["role"] = newRole;
                }
            }

            if (adaptation.StepDurations?.TryGetValue(id, out var duration) == true)
            {
                obj["duration"] = DurationNode(duration);
                usedSteps.Add(id);
            }
        }

        if (adaptation.StepDurations is { } steps)
        {
            foreach (var id in steps.Keys)
            {
                if (!usedSteps.Contains(id))
                {
                    throw new InvalidOperationException($"Adaptation sets the duration of '{id}', which is not a userTask of the template.");
                }
            }
        }

        return root.ToJsonString(WriteOptions);
    }

    private static JsonObject DurationNode(DurationSpec d) =>
        d.NotCounted ? new JsonObject { ["notCounted"] = true }
        : d.WorkingDays is { } days ? new JsonObject { ["workingDays"] = JsonValue.Create(days) }
        : new JsonObject { ["workingHours"] = JsonValue.Create(d.WorkingHours ?? 0m) };

    internal static string Describe(DurationSpec d) =>
        d.WorkingDays is { } days ? days.ToString(CultureInfo.InvariantCulture) + " days" : (d.WorkingHours ?? 0m).ToString(CultureInfo.InvariantCulture) + " hours";
}
