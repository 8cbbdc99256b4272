using Todo.Operator.Generation;

namespace Todo.Operator.Tests.Generation;

public sealed class CrdUpToDateTests
{
    [Fact]
    public void Committed_crd_matches_the_generator_output()
    {
        var path = Path.Combine(RepositoryRoot.Path, "config", "crd", GenerateCommand.CrdFileName);
        Assert.True(File.Exists(path), $"{path} is missing: run `make generate`.");

        var committed = File.ReadAllText(path);
        var generated = GenerateCommand.CrdYaml();

        Assert.True(
            committed == generated,
            $"{path} is out of date with the C# types in src/Todo.Operator/Api: run `make generate` and commit the result.");
    }

    [Fact]
    public void Generate_command_writes_the_crd_file()
    {
        var directory = Directory.CreateTempSubdirectory("crd-");
        try
        {
            var exitCode = GenerateCommand.Run(["crd", "--output", directory.FullName]);

            Assert.Equal(0, exitCode);
            Assert.Equal(GenerateCommand.CrdYaml(), File.ReadAllText(Path.Combine(directory.FullName, GenerateCommand.CrdFileName)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData]
    [InlineData("crd")]
    [InlineData("webhooks", "--output", "x")]
    [InlineData("rbac")]
    [InlineData("crd", "--namespaced", "--output", "x")]
    [InlineData("rbac", "--output", "x", "--namespaced")]
    [InlineData("crd", "--out", "x")]
    public void Generate_command_rejects_unknown_arguments(params string[] args) =>
        Assert.Equal(2, GenerateCommand.Run(args));
}
