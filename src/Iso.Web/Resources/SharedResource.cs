namespace Iso.Web.Resources;

/// <summary>Marker for the UI strings in <c>SharedResource.resx</c> (Vietnamese, the neutral language)
/// and <c>SharedResource.en.resx</c> (English).</summary>
public sealed class SharedResource;
