namespace Todo.Operator.Redis;

/// <summary>
/// The file a new app's Redis starts from: a Completed backup's RDB on its claim, and the app it was taken of, whose name
/// its keys carry (the API's key prefix).
/// </summary>
internal sealed record RestoreSource(string Backup, string Claim, string File, string TodoApp);
