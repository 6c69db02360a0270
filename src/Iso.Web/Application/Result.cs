namespace Iso.Web.Application;

/// <summary>What went wrong, as the caller should hear it. Endpoints map the kind to an HTTP status
/// (<see cref="ProblemResults.ToHttpResult{T}(Result{T}, Func{T, IResult}?)"/>); pages show <see cref="ProblemResults.Describe"/>.</summary>
public enum ProblemKind
{
    /// <summary>The request itself is wrong (400): see the per-field errors.</summary>
    Invalid,

    /// <summary>No signed-in account (401).</summary>
    NotSignedIn,

    /// <summary>The caller may see the thing but not do this to it (403).</summary>
    Forbidden,

    /// <summary>No such thing, or one the caller may not see: ids of other agencies reveal nothing (404).</summary>
    NotFound,

    /// <summary>The thing changed meanwhile or is no longer in a state that allows this (409).</summary>
    Conflict,

    /// <summary>The request is well formed but cannot be carried out (422), e.g. the procedure has no branch for it.</summary>
    Unprocessable,

    /// <summary>The caller's copy is stale: the thing changed since they read it (412, If-Match).</summary>
    PreconditionFailed,

    /// <summary>A change that needs the version the caller read (If-Match) came without it (428).</summary>
    PreconditionRequired,
}

/// <summary>A text for people: a key of <c>SharedResource.resx</c> with its arguments, put into words in the reader's language.</summary>
public sealed record Message(string Key, params object?[] Args)
{
    /// <summary>Text that is already written (the engine's bilingual messages).</summary>
    public static Message Verbatim(string text) => new("Problem_Verbatim", text);
}

/// <summary>A use case's refusal: its kind, what is wrong in one sentence, and for <see cref="ProblemKind.Invalid"/>
/// what is wrong with each field (camelCase JSON paths such as <c>form.receiptNo</c>).</summary>
public sealed record Problem(ProblemKind Kind, Message Detail, IReadOnlyDictionary<string, IReadOnlyList<Message>> Errors)
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<Message>> NoErrors = new Dictionary<string, IReadOnlyList<Message>>();

    public static Problem NotFound(string key, params object?[] args) => new(ProblemKind.NotFound, new Message(key, args), NoErrors);

    public static Problem Forbidden(string key, params object?[] args) => new(ProblemKind.Forbidden, new Message(key, args), NoErrors);

    public static Problem Conflict(string key, params object?[] args) => new(ProblemKind.Conflict, new Message(key, args), NoErrors);

    public static Problem NotSignedIn() => new(ProblemKind.NotSignedIn, new Message("Problem_NotSignedIn"), NoErrors);

    public static Problem Of(ProblemKind kind, Message detail) => new(kind, detail, NoErrors);

    /// <summary>One wrong field; use <see cref="Validation"/> to collect several.</summary>
    public static Problem Invalid(string field, string key, params object?[] args) =>
        Invalid(new Dictionary<string, IReadOnlyList<Message>> { [field] = [new Message(key, args)] });

    public static Problem Invalid(IReadOnlyDictionary<string, IReadOnlyList<Message>> errors) =>
        new(ProblemKind.Invalid, new Message("Problem_Invalid", string.Join(", ", errors.Keys)), errors);
}

/// <summary>The outcome of a use case that returns nothing: success, or a <see cref="Application.Problem"/>.</summary>
public sealed class Result
{
    private Result(Problem? problem) => Problem = problem;

    public static Result Success { get; } = new(null);

    public Problem? Problem { get; }

    public bool Succeeded => Problem is null;

    public static implicit operator Result(Problem problem) => new(problem);

    /// <summary>Success with a value; needed where the implicit conversion cannot apply (interfaces such as IReadOnlyList).</summary>
    public static Result<T> Ok<T>(T value) => new(value, null);
}

/// <summary>The outcome of a use case: its value, or a <see cref="Application.Problem"/> (never both).</summary>
public sealed class Result<T>
{
    private readonly T? _value;

    internal Result(T? value, Problem? problem)
    {
        _value = value;
        Problem = problem;
    }

    public Problem? Problem { get; }

    public bool Succeeded => Problem is null;

    public T Value => Succeeded ? _value! : throw new InvalidOperationException($"The use case failed ({Problem!.Kind}); read Problem instead of Value.");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Problem problem) => new(default, problem ?? throw new ArgumentNullException(nameof(problem)));
}
