using Microsoft.AspNetCore.Http;

namespace Iso.Web.Startup;

/// <summary>Gives bare status codes (from authentication, routing, status code pages) a detail that says what is wrong.</summary>
internal static class ProblemDetailsText
{
    public static void Explain(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status401Unauthorized =>
                "Authentication is required: send 'Authorization: Bearer <token>' (get one from POST /api/v1/auth/login) or sign in.",
            StatusCodes.Status403Forbidden => "You are signed in but not allowed to use this endpoint.",
            StatusCodes.Status404NotFound => $"There is no API endpoint at '{context.HttpContext.Request.Path}'.",
            StatusCodes.Status405MethodNotAllowed => $"There is no {context.HttpContext.Request.Method} endpoint at '{context.HttpContext.Request.Path}'.",
            StatusCodes.Status500InternalServerError => "An unexpected error occurred; the server log has the details under the trace id.",
            _ => null,
        };
    }
}
