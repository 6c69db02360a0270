using System.Globalization;

namespace Iso.Workflows.Calendar;

/// <summary>
/// <c>calendar due --from &lt;yyyy-MM-ddTHH:mm&gt; (--working-hours N | --working-days N) [--intake]</c>:
/// prints the due moment, local Asia/Ho_Chi_Minh time, as <c>yyyy-MM-ddTHH:mm</c>. Exit 0 on success,
/// 2 on bad or missing arguments (message on stderr naming the argument).
/// </summary>
public static class CalendarCli
{
    public const int Success = 0;
    public const int UsageError = 2;

    private const string TimeFormat = "yyyy-MM-ddTHH:mm";

    // Same bound as the definition validator (workingDays ≤ 365).
    private const decimal MaxDays = 365m;

    public const string Usage =
        "Usage: calendar due --from <yyyy-MM-ddTHH:mm> (--working-hours N | --working-days N) [--intake]\n" +
        "  --from           local time (Asia/Ho_Chi_Minh) the counting starts, e.g. 2026-04-24T14:00\n" +
        "  --working-hours  working time in hours; may be fractional (0.5)\n" +
        "  --working-days   working time in days of 8 hours; may be fractional (0.5 = 4 hours)\n" +
        "  --intake         apply the intake rule first (after 15:00 or outside office hours: next working period)";

    /// <param name="args">The arguments after <c>calendar</c>, starting with the verb <c>due</c>.</param>
    public static int Run(IReadOnlyList<string> args, IWorkingCalendar calendar, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        if (args.Count == 0)
        {
            return Fail(stderr, "calendar: missing command; expected 'due'.");
        }

        if (args[0] is "--help" or "-h" or "help")
        {
            stdout.WriteLine(Usage);
            return Success;
        }

        if (args[0] != "due")
        {
            return Fail(stderr, $"calendar: unknown command '{args[0]}'; expected 'due'.");
        }

        string? from = null, hours = null, days = null;
        var intake = false;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--help" or "-h":
                    stdout.WriteLine(Usage);
                    return Success;
                case "--intake":
                    intake = true;
                    continue;
                case "--from" or "--working-hours" or "--working-days":
                    if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        return Fail(stderr, $"calendar due: {arg} needs a value.");
                    }

                    var value = args[++i];
                    var already = arg switch { "--from" => from, "--working-hours" => hours, _ => days };
                    if (already is not null)
                    {
                        return Fail(stderr, $"calendar due: {arg} is given more than once.");
                    }

                    if (arg == "--from")
                    {
                        from = value;
                    }
                    else if (arg == "--working-hours")
                    {
                        hours = value;
                    }
                    else
                    {
                        days = value;
                    }

                    continue;
                default:
                    return Fail(stderr, $"calendar due: unknown argument '{arg}'.");
            }
        }

        if (from is null)
        {
            return Fail(stderr, "calendar due: --from is required (local time yyyy-MM-ddTHH:mm).");
        }

        if (!DateTime.TryParseExact(from, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var localStart))
        {
            return Fail(stderr, $"calendar due: --from '{from}' is not a local time in the form yyyy-MM-ddTHH:mm (e.g. 2026-04-24T14:00).");
        }

        if ((hours is null) == (days is null))
        {
            return Fail(stderr, "calendar due: give exactly one of --working-hours or --working-days.");
        }

        var (name, text) = hours is not null ? ("--working-hours", hours) : ("--working-days", days!);
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return Fail(stderr, $"calendar due: {name} '{text}' is not a non-negative number (use a dot for decimals: 0.5).");
        }

        var duration = hours is not null ? WorkingDuration.FromHours(amount) : WorkingDuration.FromDays(amount);
        if (duration.Days > MaxDays)
        {
            return Fail(stderr, $"calendar due: {name} '{text}' is more than {MaxDays} working days.");
        }

        var zone = calendar is WorkingCalendar working ? working.TimeZone : DefaultZone.Value;
        var start = new DateTimeOffset(localStart, zone.GetUtcOffset(localStart));
        if (intake)
        {
            start = calendar.ApplyIntake(start);
        }

        DateTimeOffset due;
        try
        {
            due = calendar.AddWorkingTime(start, duration);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return Fail(stderr, $"calendar due: {ex.Message}");
        }

        stdout.WriteLine(TimeZoneInfo.ConvertTime(due, zone).ToString(TimeFormat, CultureInfo.InvariantCulture));
        return Success;
    }

    private static readonly Lazy<TimeZoneInfo> DefaultZone = new(() =>
    {
        WorkingCalendarOptions.TryResolveTimeZone("Asia/Ho_Chi_Minh", out var zone);
        return zone;
    });

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine(message);
        stderr.WriteLine(Usage);
        return UsageError;
    }
}
