using System.Globalization;
using Iso.Web.Application;
using Iso.Web.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Iso.Web.Tests.Application;

public sealed class ProblemResultsTests
{
    [Theory]
    [InlineData(ProblemKind.Invalid, 400)]
    [InlineData(ProblemKind.NotSignedIn, 401)]
    [InlineData(ProblemKind.Forbidden, 403)]
    [InlineData(ProblemKind.NotFound, 404)]
    [InlineData(ProblemKind.Conflict, 409)]
    [InlineData(ProblemKind.Unprocessable, 422)]
    [InlineData(ProblemKind.PreconditionFailed, 412)]
    [InlineData(ProblemKind.PreconditionRequired, 428)]
    public void EachKind_HasItsStatusCode_AndATitleInBothLanguages(ProblemKind kind, int status)
    {
        Assert.Equal(status, kind.StatusCode());
        foreach (var culture in new[] { "vi-VN", "en-US" })
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            Assert.False(Localizer()[$"Problem_Title_{kind}"].ResourceNotFound, $"{kind} has no title in {culture}.");
        }
    }

    [Fact]
    public void Describe_PutsTheDetailAndFieldErrorsInTheCurrentUiCulture()
    {
        var problem = new Validation().Add("receivedAt", "Validation_ReceivedInFuture").Problem!;

        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("vi-VN");
        var vietnamese = problem.Describe(Localizer());
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
        var english = problem.Describe(Localizer());

        Assert.Equal("Yêu cầu chưa hợp lệ ở trường: receivedAt. Thời điểm tiếp nhận không được ở tương lai.", vietnamese);
        Assert.Equal("The request is not valid in: receivedAt. The received moment cannot be in the future.", english);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(" \t\r\n", true)]
    [InlineData("\u0000\u0007\u200b", true)]
    [InlineData(" a ", false)]
    [InlineData("ý", false)]
    public void IsBlank_CountsWhiteSpaceControlAndFormatCharactersAsNothing(string? value, bool blank) =>
        Assert.Equal(blank, Validation.IsBlank(value));

    private static IStringLocalizer<SharedResource> Localizer() =>
        new ServiceCollection().AddLocalization().AddLogging().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();
}
