using System.Security.Claims;
using Bunit;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Documents;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Components.Pages.Documents;

/// <summary>Document pages in bUnit over the real app's use cases (one DI scope of the shared test app), so that the
/// preview and the viewer show what the real pipeline and the real data give.</summary>
internal static class DocumentPageContext
{
    public static void UseRealDocuments(this BunitContext context, AsyncServiceScope scope)
    {
        context.Services.AddSingleton(scope.Get<CallerFactory>());
        context.Services.AddSingleton(scope.Get<GetDocument>());
        context.Services.AddSingleton(scope.Get<ListDocuments>());
        context.Services.AddSingleton(scope.Get<DocumentRendering>());
        context.Services.AddSingleton(scope.Get<UpdateDraft>());
        context.Services.AddSingleton(scope.Get<SubmitDocument>());
        context.Services.AddSingleton(scope.Get<DocumentAttachments>());
        context.Services.AddSingleton(scope.Get<DecideOnDocument>());
        context.Services.AddSingleton(scope.Get<ReviseDocument>());
        context.Services.AddSingleton(scope.Get<ObsoleteDocument>());
        context.Services.AddSingleton(scope.Get<DiffVersions>());
        context.Services.AddSingleton(scope.Get<Iso.Web.Documents.FollowUp.DocumentFollowUp>());
        context.Services.AddSingleton(scope.Get<Iso.Web.Documents.FollowUp.DocumentAcknowledgements>());
        context.Services.AddSingleton(scope.Get<Iso.Web.Documents.FollowUp.DocumentTasks>());
        context.Services.AddSingleton(scope.Get<Iso.Web.Documents.FollowUp.LegalChanges>());
        context.Services.AddSingleton(scope.Get<DocumentCopies>());
        context.Services.AddSingleton(scope.Get<DocumentProcedures>());
        // The context disposes what its container created: the scope goes with the test.
        context.Services.AddSingleton(_ => new ScopeOwner(scope));
        context.Services.GetRequiredService<ScopeOwner>();
    }

    private sealed class ScopeOwner(AsyncServiceScope scope) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }

    /// <summary>The principal the real sign-in gives the account.</summary>
    public static async Task<ClaimsPrincipal> PrincipalAsync(AsyncServiceScope scope, string userName)
    {
        var user = await scope.Get<UserManager<IsoUser>>().FindByNameAsync(userName);
        return await scope.Get<IUserClaimsPrincipalFactory<IsoUser>>().CreateAsync(user!);
    }
}
