namespace Todo.Operator.Tests.Support;

internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

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
