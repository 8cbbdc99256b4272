using Todo.Operator.Backups;
using Todo.Operator.Backups.Crd;
using static Todo.Operator.Tests.Backups.BackupTests;

namespace Todo.Operator.Tests.Backups;

/// <summary>One backup at a time per app, in an order every worker agrees on.</summary>
public sealed class BackupQueueTests
{
    private static readonly DateTime Nine = new(2026, 12, 5, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_oldest_unfinished_backup_of_the_app_goes_first()
    {
        var first = Backup("a-first", BackupPhase.Running, Nine);
        var second = Backup("z-second", null, Nine.AddMinutes(1));
        var third = Backup("b-third", BackupPhase.Pending, Nine.AddMinutes(2));
        var all = new[] { third, second, first };

        Assert.Null(BackupQueue.Ahead(first, all));
        Assert.Equal("a-first", BackupQueue.Ahead(second, all)?.Metadata.Name);
        Assert.Equal("a-first", BackupQueue.Ahead(third, all)?.Metadata.Name);
    }

    [Fact]
    public void Backups_made_in_the_same_second_are_ordered_by_name()
    {
        var a = Backup("a", null, Nine);
        var b = Backup("b", null, Nine);

        Assert.Null(BackupQueue.Ahead(a, [a, b]));
        Assert.Equal("a", BackupQueue.Ahead(b, [a, b])?.Metadata.Name);
    }

    [Fact]
    public void Finished_backups_and_other_apps_backups_hold_nothing_back()
    {
        var backup = Backup("later", null, Nine.AddHours(1));

        Assert.Null(BackupQueue.Ahead(backup, [
            Backup("done", BackupPhase.Completed, Nine),
            Backup("broken", BackupPhase.Failed, Nine),
            Backup("elsewhere", BackupPhase.Running, Nine, app: "other-app"),
            backup,
        ]));
    }
}
