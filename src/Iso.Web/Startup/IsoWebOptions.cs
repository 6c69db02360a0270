namespace Iso.Web.Startup;

/// <summary>Web start-up options, bound from the <c>Iso</c> section.</summary>
public sealed class IsoWebOptions
{
    public const string SectionName = "Iso";

    /// <summary>Create the demo province, agencies and accounts on start (idempotent). Turn off in production.</summary>
    public bool SeedDemoData { get; set; } = true;
}
