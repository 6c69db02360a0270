using Iso.Data;
using Iso.Data.Seeding;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Workflows;

/// <summary>Where the shipped workflow templates are read from (section <c>Iso:Workflows:Templates</c>).</summary>
public sealed class WorkflowTemplateOptions
{
    public const string SectionName = "Iso:Workflows:Templates";

    /// <summary>Folder of the template files; by default the <c>workflows</c> folder copied next to the executable.</summary>
    public string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "workflows");
}

/// <summary>Loads the templates of <c>workflows/</c> into the definition store (repeatable: an unchanged file is
/// skipped, a changed file with the same version is refused), and lets demo agencies adopt a few of them.</summary>
public sealed class WorkflowTemplateSeeder(
    WorkflowDefinitionService definitions,
    IWorkflowDefinitionStore store,
    IsoDbContext db,
    IOptions<WorkflowTemplateOptions> options,
    ILogger<WorkflowTemplateSeeder> logger)
{
    /// <summary>Demo adoptions: (agency code, template key); each becomes the agency's own published procedure.</summary>
    private static readonly (string Agency, string Template)[] DemoAdoptions =
    [
        ("STP", "tthc-mot-cap"),
        ("STP", "document-control"),
        ("STP", "nonconformity-corrective-action"),
        ("NGHIADUC", "tthc-cap-xa"),
        ("SNV", "tthc-lien-thong"),
    ];

    public async Task<int> ImportTemplatesAsync(CancellationToken cancellationToken = default)
    {
        var folder = options.Value.Directory;
        if (!System.IO.Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Iso:Workflows:Templates:Directory '{folder}' does not exist: the workflow templates cannot be loaded.");
        }

        var files = System.IO.Directory.GetFiles(folder, "*.json").Where(f => Path.GetFileName(f) != "schema.json").Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            await definitions.ImportTemplateAsync(await File.ReadAllTextAsync(file, cancellationToken), Path.GetFileName(file), cancellationToken);
        }

        logger.LogInformation("{Count} workflow template(s) loaded from {Folder}", files.Count, folder);
        return files.Count;
    }

    public async Task AdoptDemoProceduresAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (agencyCode, template) in DemoAdoptions)
        {
            var agencyId = await db.Agencies.Where(a => a.Code == agencyCode).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw new InvalidOperationException($"Demo agency '{agencyCode}' is missing: seed the demo organisation first.");
            if (await store.FindPublishedAsync(agencyId, template, cancellationToken) is not null)
            {
                continue;
            }

            var agencyName = await db.Agencies.Where(a => a.Id == agencyId).Select(a => a.Name).SingleAsync(cancellationToken);
            var templateName = (await store.FindPublishedAsync(null, template, cancellationToken))?.Name ?? template;
            await definitions.AdoptAsync(agencyId, template, new DefinitionAdaptation(Name: $"{templateName} — {agencyName}"), publish: true, cancellationToken);
        }
    }

    /// <summary>Run at start-up and by the <c>seed</c> verb, after the database is migrated.</summary>
    public static async Task SeedAsync(IServiceProvider services, bool demo, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<WorkflowTemplateSeeder>();
        await seeder.ImportTemplatesAsync(cancellationToken);
        if (demo)
        {
            await seeder.AdoptDemoProceduresAsync(cancellationToken);
            await Documents.DemoDocuments.SeedAsync(scope.ServiceProvider.GetRequiredService<IsoDbContext>(), cancellationToken);
        }
    }
}
