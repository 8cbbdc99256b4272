namespace Todo.Operator.Backups.Schedule;

/// <summary>
/// A standard five-field cron expression (minute, hour, day of month, month, day of week; <c>*</c>, numbers, ranges
/// <c>a-b</c>, steps <c>*/n</c> and <c>a-b/n</c>, lists <c>a,b</c>; day of week 0-7, 0 and 7 both Sunday), read in UTC.
/// As in cron, when both day fields are restricted a day matching either one runs. Pure: the times are the caller's.
/// </summary>
internal sealed class CronSchedule
{
    /// <summary>Beyond four years a match is impossible (no 31 February, no 30 February, every month a weekday).</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(366 * 5);

    private static readonly (string Name, int Min, int Max)[] Fields =
    [
        ("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 7),
    ];

    private readonly bool[][] allowed;
    private readonly bool dayOfMonthRestricted;
    private readonly bool dayOfWeekRestricted;

    private CronSchedule(bool[][] allowed, bool dayOfMonthRestricted, bool dayOfWeekRestricted)
    {
        this.allowed = allowed;
        this.dayOfMonthRestricted = dayOfMonthRestricted;
        this.dayOfWeekRestricted = dayOfWeekRestricted;
    }

    /// <summary>The schedule, or null and why not, in a sentence that names the part at fault.</summary>
    public static (CronSchedule? Schedule, string? Problem) Parse(string expression)
    {
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != Fields.Length)
        {
            return (null, $"'{expression}' has {parts.Length} fields; a schedule has 5: minute hour day-of-month month day-of-week, e.g. '0 3 * * *' (03:00 UTC daily).");
        }

        var allowed = new bool[Fields.Length][];
        for (var i = 0; i < Fields.Length; i++)
        {
            var (name, min, max) = Fields[i];
            allowed[i] = new bool[max + 1];
            foreach (var item in parts[i].Split(','))
            {
                if (!TryMark(item, min, max, allowed[i]))
                {
                    return (null, $"the {name} field '{parts[i]}' is not valid: use *, a number {min}-{max}, a range a-b, a step */n or a-b/n, or a list of those.");
                }
            }
        }

        // Sunday is 0 and 7.
        allowed[4][0] |= allowed[4][7];
        if (!Enumerable.Range(1, 12).Any(month => allowed[3][month] && Enumerable.Range(1, DaysIn(month)).Any(day => allowed[2][day])))
        {
            return (null, $"'{expression}' names no day that exists in its months.");
        }

        return (new CronSchedule(allowed, parts[2] != "*", parts[4] != "*"), null);
    }

    /// <summary>The first time strictly after <paramref name="after"/> (UTC) that the schedule runs, to the minute.</summary>
    public DateTime Next(DateTime after)
    {
        var time = new DateTime(after.Year, after.Month, after.Day, after.Hour, after.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
        var end = time + Horizon;
        while (time < end)
        {
            if (!allowed[3][time.Month])
            {
                time = new DateTime(time.Year, time.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
            }
            else if (!DayMatches(time))
            {
                time = time.Date.AddDays(1);
            }
            else if (!allowed[1][time.Hour])
            {
                time = time.Date.AddHours(time.Hour + 1);
            }
            else if (!allowed[0][time.Minute])
            {
                time = time.AddMinutes(1);
            }
            else
            {
                return time;
            }
        }

        throw new InvalidOperationException("A parsed schedule always runs within five years.");
    }

    /// <summary>The last time at or before <paramref name="now"/> that the schedule ran, or null when that is before <paramref name="since"/>.</summary>
    public DateTime? Latest(DateTime now, DateTime since)
    {
        var time = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);
        while (time >= since)
        {
            if (!allowed[3][time.Month])
            {
                time = new DateTime(time.Year, time.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(-1);
            }
            else if (!DayMatches(time))
            {
                time = time.Date.AddMinutes(-1);
            }
            else if (!allowed[1][time.Hour])
            {
                time = time.Date.AddHours(time.Hour).AddMinutes(-1);
            }
            else if (!allowed[0][time.Minute])
            {
                time = time.AddMinutes(-1);
            }
            else
            {
                return time;
            }
        }

        return null;
    }

    /// <summary>The longest gap between two runs over the year after <paramref name="from"/>: what "late" is measured against.</summary>
    public TimeSpan Interval(DateTime from)
    {
        var longest = TimeSpan.Zero;
        var previous = Next(from);
        var end = previous.AddYears(1);
        for (var count = 0; previous < end && count < 1000; count++)
        {
            var next = Next(previous);
            longest = next - previous > longest ? next - previous : longest;
            previous = next;
        }

        return longest;
    }

    private bool DayMatches(DateTime time)
    {
        var dayOfMonth = allowed[2][time.Day];
        var dayOfWeek = allowed[4][(int)time.DayOfWeek];
        return dayOfMonthRestricted && dayOfWeekRestricted ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek;
    }

    private static int DaysIn(int month) => month == 2 ? 29 : DateTime.DaysInMonth(2001, month);

    private static bool TryMark(string item, int min, int max, bool[] allowed)
    {
        var step = 1;
        var slash = item.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!int.TryParse(item[(slash + 1)..], System.Globalization.NumberStyles.None, null, out step) || step < 1 || step > max)
            {
                return false;
            }

            item = item[..slash];
        }

        int from, to;
        if (item == "*")
        {
            (from, to) = (min, max);
        }
        else if (item.Split('-') is [var low, var high])
        {
            if (!TryNumber(low, min, max, out from) || !TryNumber(high, min, max, out to) || from > to)
            {
                return false;
            }
        }
        else if (TryNumber(item, min, max, out from))
        {
            // "5/15" runs from 5 to the end of the range, as Kubernetes' CronJob reads it.
            to = slash < 0 ? from : max;
        }
        else
        {
            return false;
        }

        for (var value = from; value <= to; value += step)
        {
            allowed[value] = true;
        }

        return true;
    }

    private static bool TryNumber(string text, int min, int max, out int value) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, null, out value) && value >= min && value <= max;
}
