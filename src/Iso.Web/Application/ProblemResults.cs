using Iso.Web.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Iso.Web.Application;

/// <summary>The one mapping of use-case results to HTTP (RFC 7807 problem details) and to text on pages,
/// both in the reader's UI culture (Vietnamese unless they chose English).</summary>
public static class ProblemResults
{
    public static int StatusCode(this ProblemKind kind) => kind switch
    {
        ProblemKind.Invalid => StatusCodes.Status400BadRequest,
        ProblemKind.NotSignedIn => StatusCodes.Status401Unauthorized,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ProblemKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ProblemKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>200 with the value (or <paramref name="success"/>'s answer, e.g. 201 Created), or the problem.</summary>
    public static IResult ToHttpResult<T>(this Result<T> result, Func<T, IResult>? success = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Problem is { } problem ? new ProblemResult(problem)
            : success is null ? TypedResults.Ok(result.Value)
            : success(result.Value);
    }

    /// <summary>204 No Content, or the problem.</summary>
    public static IResult ToHttpResult(this Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Problem is { } problem ? new ProblemResult(problem) : TypedResults.NoContent();
    }

    /// <summary>The problem in one sentence for a page (snackbar, alert), with the field errors after it.</summary>
    public static string Describe(this Problem problem, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var detail = Text(problem.Detail, localizer);
        return problem.Errors.Count == 0
            ? detail
            : detail + " " + string.Join(" ", problem.Errors.SelectMany(e => e.Value).Select(m => Text(m, localizer)));
    }

    /// <summary>The messages for one field, for a form to show beside it.</summary>
    public static IReadOnlyList<string> ErrorsOf(this Problem problem, string field, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Errors.TryGetValue(field, out var messages) ? [.. messages.Select(m => Text(m, localizer))] : [];
    }

    public static string Text(this Message message, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer[message.Key, [.. message.Args.Select(a => a ?? string.Empty)]];
    }

    internal static ProblemDetails ToProblemDetails(this Problem problem, IStringLocalizer localizer)
    {
        var status = problem.Kind.StatusCode();
        var details = problem.Errors.Count == 0
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(problem.Errors.ToDictionary(
                e => e.Key, e => e.Value.Select(m => Text(m, localizer)).ToArray(), StringComparer.Ordinal));
        details.Status = status;
        details.Title = localizer[$"Problem_Title_{problem.Kind}"];
        details.Detail = Text(problem.Detail, localizer);
        return details;
    }

    /// <summary>Localizes at execution time, in the request's culture (set by the request-localization middleware).</summary>
    private sealed class ProblemResult(Problem problem) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => problem.Kind.StatusCode();

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var localizer = httpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            return TypedResults.Problem(problem.ToProblemDetails(localizer)).ExecuteAsync(httpContext);
        }
    }
}
