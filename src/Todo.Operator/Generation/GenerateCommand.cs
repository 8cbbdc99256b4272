using k8s;
using Todo.Operator.Children;
using Todo.Operator.Crd.V1Alpha1;

namespace Todo.Operator.Generation;

/// <summary>
/// `generate crd --output &lt;dir&gt;` writes the TodoApp CRD YAML, `generate rbac --output &lt;dir&gt;` the operator's
/// ClusterRole (what `make generate` runs), like controller-gen or the KubeOps CLI.
/// </summary>
internal static class GenerateCommand
{
    public const string CrdFileName = "todo.gitops.dev_todoapps.yaml";
    public const string RoleFileName = "role.yaml";

    private const string Usage = "usage: generate crd|rbac --output <directory>";

    public static int Run(string[] args)
    {
        if (args is not [var what and ("crd" or "rbac"), "--output", var directory] || string.IsNullOrWhiteSpace(directory))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, what == "crd" ? CrdFileName : RoleFileName);
        File.WriteAllText(path, what == "crd" ? CrdYaml() : RoleYaml());
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    public static string CrdYaml() => KubernetesYaml.Serialize(CrdGenerator.Generate(typeof(TodoApp)));

    public static string RoleYaml() => RbacGenerator.RoleYaml(ChildResources.All);
}
