using Iso.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Iso.Web.Localization;

/// <summary>Words for names the engine and the accounts record as keys (a role, a journal entry's kind): the resource's
/// text when there is one, else the key itself, so a name without words still reads as recorded.</summary>
public static class NamedTexts
{
    public static string Role(this IStringLocalizer<SharedResource> l, string role) => OrKey(l, $"Role_{role}", role);

    public static string JournalKind(this IStringLocalizer<SharedResource> l, string kind) => OrKey(l, $"Journal_{kind}", kind);

    private static string OrKey(IStringLocalizer<SharedResource> l, string name, string key)
    {
        ArgumentNullException.ThrowIfNull(l);
        var text = l[name];
        return text.ResourceNotFound ? key : text.Value;
    }
}
