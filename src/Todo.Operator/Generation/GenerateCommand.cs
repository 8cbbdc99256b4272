using k8s;
using Todo.Operator.Api.V1Alpha1;

namespace Todo.Operator.Generation;

/// <summary>
/// `generate crd --output &lt;dir&gt;`: writes the TodoApp CRD YAML (what `make generate` runs), like
/// controller-gen or the KubeOps CLI.
/// </summary>
internal static class GenerateCommand
{
    public const string CrdFileName = "todo.gitops.dev_todoapps.yaml";

    private const string Usage = "usage: generate crd --output <directory>";

    public static int Run(string[] args)
    {
        if (args is not ["crd", "--output", var directory] || string.IsNullOrWhiteSpace(directory))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, CrdFileName);
        File.WriteAllText(path, CrdYaml());
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    public static string CrdYaml() => KubernetesYaml.Serialize(CrdGenerator.Generate(typeof(TodoApp)));
}
