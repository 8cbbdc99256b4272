namespace Todo.Delivery.Tests.Support;

internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path below the repository root, from its segments.</summary>
    public static string Combine(params string[] segments) => System.IO.Path.Combine([Path, .. segments]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Todo.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Todo.sln above {AppContext.BaseDirectory}.");
    }
}
