using System.Globalization;
using System.Reflection;
using Iso.Web.Localization;
using Iso.Web.Resources;
using Iso.Workflows.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Iso.Web.Tests.Localization;

/// <summary>Every kind the journal records has words in Vietnamese and in English (the case page and the task timeline
/// show them); a name without words reads as recorded.</summary>
public sealed class NamedTextsTests
{
    public static TheoryData<string> Kinds() => [.. typeof(JournalKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryJournalKind_HasWords_InVietnameseAndEnglish(string kind)
    {
        var l = Localizer();
        var vietnamese = WithCulture("vi-VN", () => l[$"Journal_{kind}"]);
        var english = WithCulture("en", () => l.JournalKind(kind));

        Assert.False(vietnamese.ResourceNotFound, $"Journal_{kind} has no text.");
        // English falls back to the Vietnamese text when the English resource lacks the name.
        Assert.NotEqual(vietnamese.Value, english);
        Assert.NotEqual(kind, english);
    }

    [Fact]
    public void ANameWithoutWords_ReadsAsRecorded()
    {
        Assert.Equal("SomethingNew", Localizer().JournalKind("SomethingNew"));
        Assert.Equal("Chuyên viên", WithCulture("vi-VN", () => Localizer().Role("Staff")));
    }

    private static T WithCulture<T>(string culture, Func<T> read)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return read();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static IStringLocalizer<SharedResource> Localizer() =>
        new ServiceCollection().AddLocalization().AddLogging().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();
}
