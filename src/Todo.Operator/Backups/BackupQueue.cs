using Todo.Operator.Backups.Crd;

namespace Todo.Operator.Backups;

/// <summary>
/// One backup at a time per app: of the app's unfinished backups only the oldest (creation time, then name) may run. The
/// order is the same whichever worker asks and however stale its cache, so two backups of one app never both start.
/// </summary>
internal static class BackupQueue
{
    /// <summary>The unfinished backup of the same app that goes before <paramref name="backup"/>, or null when it may run.</summary>
    public static TodoAppBackup? Ahead(TodoAppBackup backup, IEnumerable<TodoAppBackup> all) =>
        all.Where(other => other.Metadata.NamespaceProperty == backup.Metadata.NamespaceProperty
                && other.Spec.TodoApp == backup.Spec.TodoApp
                && other.Metadata.Name != backup.Metadata.Name
                && !IsFinal(other)
                && Order(other).CompareTo(Order(backup)) < 0)
            .OrderBy(Order)
            .FirstOrDefault();

    public static bool IsFinal(TodoAppBackup backup) => backup.Status?.Phase is BackupPhase.Completed or BackupPhase.Failed;

    private static (DateTime, string) Order(TodoAppBackup backup) => (backup.Metadata.CreationTimestamp ?? DateTime.MaxValue, backup.Metadata.Name);
}
