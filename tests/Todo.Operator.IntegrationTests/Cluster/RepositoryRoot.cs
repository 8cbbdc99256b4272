namespace Todo.Operator.IntegrationTests.Cluster;

internal static class RepositoryRoot
{
    public static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Todo.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Todo.sln not found above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
