using k8s.Models;
using Todo.Operator.Backups;

namespace Todo.Operator.Tests.Backups;

/// <summary>The backup container's termination message is read, never trusted.</summary>
public sealed class BackupResultTests
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Fact]
    public void A_report_of_the_expected_file_is_the_result()
    {
        var (result, problem) = BackupResult.Parse($$"""{"file":"nightly.rdb","sizeBytes":347,"sha256":"{{Sha}}","redisVersion":"7.0.15"}""", "nightly.rdb");

        Assert.Null(problem);
        Assert.Equal(new BackupResult("nightly.rdb", 347, Sha, "7.0.15", null), result);
    }

    [Fact]
    public void A_report_of_a_sentinel_mode_backup_names_the_replica_read()
    {
        var (result, problem) = BackupResult.Parse($$"""{"file":"nightly.rdb","sizeBytes":347,"sha256":"{{Sha}}","redisVersion":"7.0.15","source":"shop-redis-2"}""", "nightly.rdb");

        Assert.Null(problem);
        Assert.Equal("shop-redis-2", result!.Source);
    }

    [Theory]
    [InlineData(null, "without reporting")]
    [InlineData("""{"file":"nightly.rdb","sizeBytes":10,"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","redisVersion":"7","source":"<b>x</b>"}""", "no pod name")]
    [InlineData("", "without reporting")]
    [InlineData("Killed", "unreadable")]
    [InlineData("""{"file":"nightly.rdb"}""", "unreadable")]
    [InlineData("""{"file":"../etc/passwd","sizeBytes":1,"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","redisVersion":"7"}""", "not nightly.rdb")]
    [InlineData("""{"file":"nightly.rdb","sizeBytes":0,"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","redisVersion":"7"}""", "no usable snapshot")]
    [InlineData("""{"file":"nightly.rdb","sizeBytes":10,"sha256":"abc","redisVersion":"7"}""", "no usable snapshot")]
    public void A_report_that_is_missing_unreadable_or_names_another_file_is_a_problem(string? message, string expected)
    {
        var (result, problem) = BackupResult.Parse(message, "nightly.rdb");

        Assert.Null(result);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_that_is_no_version_is_reported_as_unknown()
    {
        var (result, _) = BackupResult.Parse($$"""{"file":"nightly.rdb","sizeBytes":347,"sha256":"{{Sha}}","redisVersion":"<script>"}""", "nightly.rdb");

        Assert.Equal("unknown", result!.RedisVersion);
    }

    [Fact]
    public void The_message_of_the_last_backup_container_to_end_is_read_and_a_failed_job_says_why()
    {
        static V1Pod Pod(string message, int minute) => new()
        {
            Status = new V1PodStatus
            {
                ContainerStatuses =
                [
                    new V1ContainerStatus
                    {
                        Name = BackupJob.ContainerName,
                        State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { Message = message, FinishedAt = new DateTime(2026, 12, 5, 10, minute, 0, DateTimeKind.Utc) } },
                    },
                ],
            },
        };

        Assert.Equal("second", BackupJobOutcome.TerminationMessage([Pod("second", 5), Pod("first", 1)]));
        var failed = new V1Job { Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Failed", Status = "True", Reason = "DeadlineExceeded", Message = "Job was active longer than specified deadline" }] } };
        Assert.False(BackupJobOutcome.Succeeded(failed));
        Assert.Equal("DeadlineExceeded: Job was active longer than specified deadline", BackupJobOutcome.FailureOf(failed));
        Assert.Null(BackupJobOutcome.Succeeded(new V1Job { Status = new V1JobStatus { Active = 1 } }));
        Assert.True(BackupJobOutcome.Succeeded(new V1Job { Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] } }));
    }
}
