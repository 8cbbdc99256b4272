namespace Todo.Testing;

/// <summary>The checkout the tests run from: the folder above the test binaries that holds Todo.sln.</summary>
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

        throw new InvalidOperationException($"Todo.sln not found above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
