namespace Todo.EndToEnd.Tests.Support;

internal static class RepositoryRoot
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Todo.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Todo.sln not found above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
