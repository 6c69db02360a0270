using Iso.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace Iso.Web.Auth;

/// <summary>Marks an endpoint or page a person may use while their account setup is pending (change the one-time
/// password, enrol an authenticator): the setup pages themselves and logout.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AccountSetupAttribute : Attribute;

/// <summary>Sends a person whose account setup is pending to the page for it, and refuses the API (ADR 0012).</summary>
public static class AccountSetupGate
{
    public const string ChangePasswordPath = "/doi-mat-khau";
    public const string TwoFactorPath = "/xac-thuc-hai-buoc";

    /// <summary>Anonymous endpoints (assets, status pages, culture, sign-in) and the setup pages pass.</summary>
    public static bool MayPass(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.GetEndpoint()?.Metadata;
        return metadata?.GetMetadata<IAllowAnonymous>() is not null || metadata?.GetMetadata<AccountSetupAttribute>() is not null;
    }

    public static async Task RefuseAsync(HttpContext context, AccountSetupStep step)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            var localizer = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = localizer["Problem_Title_Forbidden"],
                    Detail = localizer[step == AccountSetupStep.ChangePassword ? "Auth_PasswordChangeRequired" : "Auth_TwoFactorEnrolmentRequired"],
                    Extensions = { ["pendingStep"] = step == AccountSetupStep.ChangePassword ? "changePassword" : "enrolTwoFactor" },
                },
            });
            return;
        }

        var returnUrl = HttpMethods.IsGet(context.Request.Method) ? context.Request.PathBase + context.Request.Path + context.Request.QueryString : "/";
        var target = step == AccountSetupStep.ChangePassword ? ChangePasswordPath : TwoFactorPath;
        context.Response.Redirect($"{target}?returnUrl={Uri.EscapeDataString(returnUrl.ToString())}");
    }
}
