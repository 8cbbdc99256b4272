using k8s;
using Todo.Operator.Children;
using Todo.Operator.Crd.V1Alpha1;

namespace Todo.Operator.Generation;

/// <summary>
/// `generate crd --output &lt;dir&gt;` writes the TodoApp CRD YAML, `generate rbac --output &lt;dir&gt;` the operator's
/// ClusterRole, `generate rbac --namespaced --output &lt;dir&gt;` the same rules as the Role of a namespaced install (what
/// `make generate` runs), like controller-gen or the KubeOps CLI.
/// </summary>
internal static class GenerateCommand
{
    public const string CrdFileName = "todo.gitops.dev_todoapps.yaml";
    public const string RoleFileName = "role.yaml";

    private const string Usage = "usage: generate crd|rbac [--namespaced] --output <directory>";

    public static int Run(string[] args)
    {
        var (what, namespaced, directory) = args switch
        {
            ["crd", "--output", var dir] => ("crd", false, dir),
            ["rbac", "--output", var dir] => ("rbac", false, dir),
            ["rbac", "--namespaced", "--output", var dir] => ("rbac", true, dir),
            _ => (null, false, null),
        };
        if (what is null || string.IsNullOrWhiteSpace(directory))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, what == "crd" ? CrdFileName : RoleFileName);
        File.WriteAllText(path, what == "crd" ? CrdYaml() : RoleYaml(namespaced));
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    public static string CrdYaml() => KubernetesYaml.Serialize(CrdGenerator.Generate(typeof(TodoApp)));

    public static string RoleYaml(bool namespaced = false) => RbacGenerator.RoleYaml(ChildResources.All, namespaced);
}
