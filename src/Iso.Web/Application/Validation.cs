namespace Iso.Web.Application;

/// <summary>The longest text each kind of field takes, in one place. Large enough for any real paper form,
/// small enough that one request cannot make every later read of a case cost megabytes.</summary>
public static class TextLimits
{
    /// <summary>Codes and keys: procedure keys, outcome names, agency codes, form field and variable names.</summary>
    public const int Code = 100;

    public const int UserName = 256;

    /// <summary>A person's full name, a job title, an e-mail address.</summary>
    public const int PersonText = 256;

    /// <summary>A case's reference (số hồ sơ, số biên nhận).</summary>
    public const int Reference = 100;

    /// <summary>A comment (ý kiến) on a task.</summary>
    public const int Comment = 4000;

    /// <summary>One form value or one variable value (its JSON text).</summary>
    public const int Value = 4000;

    /// <summary>How many form values or variables one request may carry.</summary>
    public const int Entries = 100;
}

/// <summary>Collects what is wrong with a request, field by field, and turns it into one <see cref="ProblemKind.Invalid"/> problem.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<Message>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    /// <summary>Null when nothing was wrong.</summary>
    public Problem? Problem => IsValid
        ? null
        : Application.Problem.Invalid(_errors.ToDictionary(e => e.Key, e => (IReadOnlyList<Message>)e.Value, StringComparer.Ordinal));

    public Validation Add(string field, string key, params object?[] args)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(new Message(key, args));
        return this;
    }

    /// <summary>Present and not only blanks or control characters.</summary>
    public Validation Required(string field, string? value, int maxLength) =>
        IsBlank(value) ? Add(field, "Validation_Required") : MaxLength(field, value, maxLength);

    public Validation MaxLength(string field, string? value, int maxLength) =>
        value is not null && value.Length > maxLength ? Add(field, "Validation_TooLong", maxLength, value.Length) : this;

    /// <summary>Optional free text: within the length, and no control characters but tab and line breaks (they are
    /// never typed by a person, and break printing and exports).</summary>
    public Validation Text(string field, string? value, int maxLength) =>
        value is not null && value.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
            ? Add(field, "Validation_ControlCharacters")
            : MaxLength(field, value, maxLength);

    public Validation MaxCount(string field, int count, int maxCount) =>
        count > maxCount ? Add(field, "Validation_TooMany", maxCount, count) : this;

    /// <summary>Null, empty, or only white space, control and format characters (e.g. NUL, zero-width space).</summary>
    public static bool IsBlank(string? value) =>
        value is null || value.All(c => char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);
}
