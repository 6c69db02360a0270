using Microsoft.Extensions.Options;

namespace Iso.Workflows.Calendar;

/// <summary>Reports every problem of <see cref="WorkingCalendarOptions"/> at start-up, one message each.</summary>
public sealed class WorkingCalendarOptionsValidator : IValidateOptions<WorkingCalendarOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkingCalendarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
