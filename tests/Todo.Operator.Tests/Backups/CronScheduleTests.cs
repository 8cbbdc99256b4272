using Todo.Operator.Backups.Schedule;

namespace Todo.Operator.Tests.Backups;

public sealed class CronScheduleTests
{
    private static readonly DateTime Saturday = new(2026, 12, 5, 20, 41, 30, DateTimeKind.Utc);

    [Theory]
    [InlineData("* * * * *", "2026-12-05T20:42")]
    [InlineData("0 3 * * *", "2026-12-06T03:00")]
    [InlineData("*/15 * * * *", "2026-12-05T20:45")]
    [InlineData("5/20 * * * *", "2026-12-05T20:45")]
    [InlineData("0 9-17 * * 1-5", "2026-12-07T09:00")]
    [InlineData("30 2 * * 0", "2026-12-06T02:30")]
    [InlineData("30 2 * * 7", "2026-12-06T02:30")]
    [InlineData("0 0 1 1 *", "2027-01-01T00:00")]
    [InlineData("0 0 29 2 *", "2028-02-29T00:00")]
    [InlineData("0 12 13 * 5", "2026-12-11T12:00")]
    [InlineData("0,40 20,21 * * *", "2026-12-05T21:00")]
    public void The_next_run_is_the_first_matching_minute_after_now(string expression, string expected)
    {
        var schedule = Parse(expression);

        Assert.Equal(DateTime.Parse(expected + ":00Z", null, System.Globalization.DateTimeStyles.AdjustToUniversal), schedule.Next(Saturday));
    }

    [Fact]
    public void A_run_at_the_current_minute_is_not_the_next_one()
    {
        var atThree = new DateTime(2026, 12, 5, 3, 0, 0, DateTimeKind.Utc);

        Assert.Equal(atThree.AddDays(1), Parse("0 3 * * *").Next(atThree));
    }

    [Theory]
    [InlineData("* * * * *", "2026-12-05T20:41")]
    [InlineData("0 3 * * *", "2026-12-05T03:00")]
    [InlineData("0 9-17 * * 1-5", "2026-12-04T17:00")]
    [InlineData("0 0 1 1 *", "2026-01-01T00:00")]
    public void The_latest_run_is_the_last_matching_minute_at_or_before_now(string expression, string expected)
    {
        var latest = Parse(expression).Latest(Saturday, since: Saturday.AddYears(-1));

        Assert.Equal(DateTime.Parse(expected + ":00Z", null, System.Globalization.DateTimeStyles.AdjustToUniversal), latest);
    }

    [Fact]
    public void No_run_before_since_counts_as_the_latest()
    {
        Assert.Null(Parse("0 3 * * *").Latest(Saturday, since: Saturday.AddHours(-2)));
    }

    [Theory]
    [InlineData("* * * * *", 60)]
    [InlineData("*/15 * * * *", 15 * 60)]
    [InlineData("0 3 * * *", 24 * 3600)]
    [InlineData("0 9-17 * * *", 16 * 3600)]
    [InlineData("0 9 * * 1-5", 3 * 24 * 3600)]
    public void The_interval_is_the_longest_gap_between_two_runs(string expression, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Parse(expression).Interval(Saturday));
    }

    [Theory]
    [InlineData("")]
    [InlineData("* * * * * *")]
    [InlineData("60 * * * *")]
    [InlineData("* * 0 * *")]
    [InlineData("* * * 13 *")]
    [InlineData("* * * * 8")]
    [InlineData("5-1 * * * *")]
    [InlineData("-1 * * * *")]
    [InlineData("+1 * * * *")]
    [InlineData("1-2-3 * * * *")]
    [InlineData("*/61 * * * *")]
    [InlineData("0 0 31 4,6 *")]
    [InlineData("@daily")]
    public void An_expression_outside_the_five_field_grammar_is_refused(string expression)
    {
        var (schedule, problem) = CronSchedule.Parse(expression);

        Assert.Null(schedule);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    private static CronSchedule Parse(string expression) =>
        CronSchedule.Parse(expression).Schedule ?? throw new InvalidOperationException(CronSchedule.Parse(expression).Problem);
}
