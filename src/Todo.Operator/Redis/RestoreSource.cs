namespace Todo.Operator.Redis;

/// <summary>The file a new app's Redis starts from: a Completed backup's RDB on its claim.</summary>
internal sealed record RestoreSource(string Backup, string Claim, string File);
