using Todo.Operator.Backups.Crd;
using Todo.Operator.Crd;

namespace Todo.Operator.Backups;

/// <summary>Where a backup goes and what runs it, derived from names so that a reconcile finds them again.</summary>
internal static class BackupNames
{
    /// <summary>Seven characters, as <see cref="MaxBackupNameLength"/> counts.</summary>
    public const string JobSuffix = "-backup";

    /// <summary>A Job's name is a label value of its pods (job-name): at most 63 characters.</summary>
    public const int MaxBackupNameLength = 63 - 7;

    /// <summary>The one backup claim of an app: it outlives the app, so it is named after the app, not after a backup.</summary>
    public static string Claim(string todoApp) => $"{todoApp}-backups";

    public static string Claim(TodoApp app) => Claim(app.Metadata.Name);

    public static string Job(TodoAppBackup backup) => $"{backup.Metadata.Name}{JobSuffix}";

    /// <summary>The RDB file on the claim; its checksum is <c>&lt;file&gt;.sha256</c>.</summary>
    public static string File(TodoAppBackup backup) => $"{backup.Metadata.Name}.rdb";
}
